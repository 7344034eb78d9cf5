import OrderService
import Streaming

await ServiceRunner.main(OrderService.definition)
