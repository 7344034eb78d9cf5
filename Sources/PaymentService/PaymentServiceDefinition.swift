import Events
import Streaming

/// The payment service: what it consumes, its tables and its handlers; `ServiceRunner` runs it.
public let definition: ServiceDefinition = {
    var handlers = EventHandlers()
    let payments = PaymentHandlers()
    handlers.on(OrderPlaced.self) { event, context in try await payments.placed(event, context) }
    handlers.on(OrderCancelled.self) { event, context in try await payments.cancelled(event, context) }

    return ServiceDefinition(
        name: "payment-service",
        summary: "Authorizes or declines each placed order's payment and refunds cancelled orders' payments.",
        defaultHTTPPort: 8081,
        database: "payments",
        topics: ServiceSubscriptions.payment,
        migrations: PaymentMigrations.all,
        handlers: handlers)
}()
