import Events
import Kafka
import OrderService
import OrderTraffic

/// A terminal state seen on Kafka: order.rejected, order.cancelled (with its reason), or
/// shipment.scheduled (the order service then marks the order shipped).
struct ObservedOutcome: Sendable, Hashable {
    var status: String
    var cancelReason: String?

    var label: String { cancelReason.map { "\(status)/\($0)" } ?? status }

    func matches(_ expected: ExpectedOutcome) -> Bool {
        status == expected.status && cancelReason == expected.cancelReason
    }

    static func label(_ expected: ExpectedOutcome) -> String {
        ObservedOutcome(status: expected.status, cancelReason: expected.cancelReason).label
    }

    static let terminalTypes: Set<String> = [OrderRejected.eventType, OrderCancelled.eventType, ShipmentScheduled.eventType]

    /// The outcome a message announces, or nil when it is not a terminal event.
    static func from(_ message: KafkaMessage) -> (outcome: ObservedOutcome, subject: String?, correlationID: String?)? {
        let headers = EventView.Headers(message)
        if let type = headers.type, !terminalTypes.contains(type) { return nil }
        let view = EventView(message)
        guard let event = view.event else { return nil }
        let outcome: ObservedOutcome
        switch event.metadata.type {
        case OrderRejected.eventType:
            outcome = ObservedOutcome(status: OrderStatus.rejected.rawValue)
        case OrderCancelled.eventType:
            outcome = ObservedOutcome(status: OrderStatus.cancelled.rawValue, cancelReason: event.as(OrderCancelled.self)?.data.reason.rawValue)
        case ShipmentScheduled.eventType:
            outcome = ObservedOutcome(status: OrderStatus.shipped.rawValue)
        default:
            return nil
        }
        return (outcome, event.metadata.subject, event.metadata.correlationID)
    }
}
