import Events
import Streaming

/// The shipping service: what it consumes, its tables and its handlers; `ServiceRunner` runs it.
public let definition: ServiceDefinition = {
    var handlers = EventHandlers()
    let shipping = ShippingHandlers()
    handlers.on(OrderPlaced.self) { event, context in try await shipping.placed(event, context) }
    handlers.on(OrderConfirmed.self) { event, context in try await shipping.confirmed(event, context) }

    return ServiceDefinition(
        name: "shipping-service",
        summary: "Schedules one shipment for every confirmed order (carrier by destination, next business day).",
        defaultHTTPPort: 8083,
        database: "shipping",
        topics: ServiceSubscriptions.shipping,
        migrations: ShippingMigrations.all,
        handlers: handlers)
}()
