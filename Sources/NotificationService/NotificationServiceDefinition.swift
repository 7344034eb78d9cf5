import Events
import Streaming

/// The notification service: what it consumes, its tables and its handlers; `ServiceRunner` runs it.
public let definition: ServiceDefinition = {
    var handlers = EventHandlers()
    let notifications = NotificationHandlers()
    handlers.on(OrderConfirmed.self) { event, context in
        try await notifications.record(.confirmed, orderID: event.data.orderId, message: NotificationRules.confirmed(event.data), context)
    }
    handlers.on(OrderCancelled.self) { event, context in
        try await notifications.record(.cancelled, orderID: event.data.orderId, message: NotificationRules.cancelled(event.data), context)
    }
    handlers.on(ShipmentScheduled.self) { event, context in
        try await notifications.record(.shipped, orderID: event.data.orderId, message: NotificationRules.shipped(event.data), context)
    }

    return ServiceDefinition(
        name: "notification-service",
        summary: "Records a customer message for every confirmed, cancelled and shipped order.",
        defaultHTTPPort: 8084,
        database: "notifications",
        topics: ServiceSubscriptions.notification,
        migrations: NotificationMigrations.all,
        handlers: handlers)
}()
