import Events
import Foundation
import Kafka

/// Incoming test events: `order.confirmed` on `orders`, keyed by order id, the amount used as a
/// sequence number.
enum TestEvents {
    static let topic = TopicCatalog.orders

    struct Sample: Sendable {
        var metadata: EventMetadata
        var payload: OrderConfirmed
        var value: [UInt8]
        var key: [UInt8] { Array(metadata.subject.utf8) }
        var id: UUID { metadata.id }
    }

    static func confirmed(orderID: UUID = UUID(), amount: Int64, id: UUID = UUID()) throws -> Sample {
        let payload = OrderConfirmed(
            orderId: orderID, paymentId: UUID(), reservationId: UUID(), totalAmount: amount, currency: "EUR")
        let metadata = EventMetadata(
            id: id, source: "streaming-tests", type: OrderConfirmed.eventType, schemaVersion: OrderConfirmed.schemaVersion,
            subject: orderID.uuidString.lowercased(), correlationID: UUID().uuidString.lowercased())
        let value = try EventRegistry.standard.encode(metadata, payload: payload)
        return Sample(metadata: metadata, payload: payload, value: value)
    }

    /// The record as a producer of the contract sends it: the envelope, keyed by subject, with the
    /// mirrored `ce_` headers.
    static func record(_ sample: Sample, topic: String = topic, partition: Int32? = nil, extraHeaders: [KafkaHeader] = []) -> KafkaRecord {
        let headers = EventHeaders.headers(for: sample.metadata).map { KafkaHeader(key: $0.key, string: $0.value) }
        return KafkaRecord(topic: topic, key: sample.key, value: sample.value, headers: headers + extraHeaders, partition: partition)
    }

    /// The sample's envelope with some attributes changed, for messages the registry must refuse.
    static func envelope(of sample: Sample, changing change: (inout [String: Any]) -> Void) throws -> [UInt8] {
        guard var object = try JSONSerialization.jsonObject(with: Data(sample.value)) as? [String: Any] else {
            throw TestEventError.notAnObject
        }
        change(&object)
        return Array(try JSONSerialization.data(withJSONObject: object))
    }
}

enum TestEventError: Error {
    case notAnObject
}
