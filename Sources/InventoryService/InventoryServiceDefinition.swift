import Events
import Streaming

/// The inventory service: what it consumes, its tables and its handlers; `ServiceRunner` runs it.
public let definition: ServiceDefinition = {
    var handlers = EventHandlers()
    let inventory = InventoryHandlers()
    handlers.on(OrderPlaced.self) { event, context in try await inventory.placed(event, context) }
    handlers.on(OrderCancelled.self) { event, context in try await inventory.cancelled(event, context) }

    return ServiceDefinition(
        name: "inventory-service",
        summary: "Reserves stock for every line of a placed order (all or nothing) and releases cancelled orders' reservations.",
        defaultHTTPPort: 8082,
        database: "inventory",
        topics: ServiceSubscriptions.inventory,
        migrations: InventoryMigrations.all,
        handlers: handlers)
}()
