import Events
import Foundation
import Kafka

/// Puts generated `order.requested` commands on their topic as the CLI does: key = the order id as
/// requested, value = the CloudEvents envelope, headers mirroring type, version and correlation id.
public struct OrderRequestPublisher: Sendable {
    public let producer: KafkaProducer
    public var topic = TopicCatalog.orderRequests

    public init(producer: KafkaProducer) { self.producer = producer }

    public static func record(for order: GeneratedOrder, topic: String = TopicCatalog.orderRequests) throws -> KafkaRecord {
        let value = try EventRegistry.standard.encode(order.event)
        let headers = EventHeaders.headers(for: order.event.metadata).map { KafkaHeader(key: $0.key, string: $0.value) }
        return KafkaRecord(topic: topic, key: Array(order.key.utf8), value: value, headers: headers)
    }

    /// Sends the orders and waits for every delivery report; throws the first failure.
    public func publish(_ orders: [GeneratedOrder]) async throws {
        let records = try orders.map { try Self.record(for: $0, topic: topic) }
        for result in await producer.send(records) {
            _ = try result.get()
        }
    }
}
