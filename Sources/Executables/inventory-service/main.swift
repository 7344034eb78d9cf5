import InventoryService
import Streaming

await ServiceRunner.main(InventoryService.definition)
