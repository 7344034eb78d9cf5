import Events
import Streaming

var handlers = EventHandlers()
let payments = PaymentHandlers()
handlers.on(OrderPlaced.self) { event, context in try await payments.placed(event, context) }
handlers.on(OrderCancelled.self) { event, context in try await payments.cancelled(event, context) }

await ServiceRunner.main(ServiceDefinition(
    name: "payment-service",
    summary: "Authorizes or declines each placed order's payment and refunds cancelled orders' payments.",
    defaultHTTPPort: 8081,
    topics: ServiceSubscriptions.payment,
    migrations: PaymentMigrations.all,
    handlers: handlers))
