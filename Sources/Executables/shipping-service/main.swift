import ShippingService
import Streaming

await ServiceRunner.main(ShippingService.definition)
