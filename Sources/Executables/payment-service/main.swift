import PaymentService
import Streaming

await ServiceRunner.main(PaymentService.definition)
