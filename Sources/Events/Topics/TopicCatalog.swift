/// Topic names and which event type travels on which topic. Mirrors topics/topics.json, the file
/// topics are created from; a contract test keeps the two in agreement.
public enum TopicCatalog {
    public static let orderRequests = "order-requests"
    public static let orders = "orders"
    public static let payments = "payments"
    public static let inventory = "inventory"
    public static let shipments = "shipments"

    static let deadLetterSuffix = ".dlq"

    /// Event types by topic, in the order topics.json lists them.
    public static let eventTypes: [(topic: String, types: [String])] = [
        (orderRequests, [OrderRequested.eventType]),
        (orders, [OrderPlaced.eventType, OrderConfirmed.eventType, OrderCancelled.eventType, OrderRejected.eventType]),
        (payments, [PaymentAuthorized.eventType, PaymentDeclined.eventType, PaymentRefunded.eventType]),
        (inventory, [StockReserved.eventType, StockRejected.eventType, StockReleased.eventType]),
        (shipments, [ShipmentScheduled.eventType]),
    ]

    /// The five main topics (not their dead-letter topics).
    public static var all: [String] {
        eventTypes.map(\.topic)
    }

    /// The topic an event type is published on; nil for a type the contract does not know.
    public static func topic(forEventType type: String) -> String? {
        eventTypes.first { $0.types.contains(type) }?.topic
    }

    /// Event types published on `topic`; empty for dead-letter and unknown topics.
    public static func eventTypes(on topic: String) -> [String] {
        eventTypes.first { $0.topic == topic }?.types ?? []
    }

    /// `<topic>.dlq`: where consumers of `topic` park messages they cannot process.
    public static func deadLetterTopic(for topic: String) -> String {
        topic + deadLetterSuffix
    }

    public static func isDeadLetterTopic(_ topic: String) -> Bool {
        topic.hasSuffix(deadLetterSuffix)
    }

    /// The topic a dead-letter topic's messages came from; nil when `topic` is not a dead-letter topic.
    public static func originalTopic(ofDeadLetterTopic topic: String) -> String? {
        guard isDeadLetterTopic(topic) else { return nil }
        return String(topic.dropLast(deadLetterSuffix.count))
    }
}
