import Kafka

/// Sends dead letters back to the topic they came from. Safe for every consumer group: the event keeps
/// its id, so a group that already processed it drops it as a duplicate, and a group that had failed it
/// processes it once.
public struct DeadLetterReplayer: Sendable {
    let producer: KafkaProducer

    public init(producer: KafkaProducer) {
        self.producer = producer
    }

    /// Re-publishes key, value and the original headers (dlq_* removed) to the original topic, adding
    /// header dlq_replayed_from = "<dlq topic>/<partition>/<offset>". Returns the delivery report.
    public func replay(_ record: DeadLetterRecord) async throws(KafkaError) -> DeliveryReport {
        try await producer.send(Self.replayRecord(for: record))
    }

    /// The record `replay` sends. The partition is left to the key's hash, which puts it back on the
    /// partition it came from and so in line with the rest of its key's events.
    public static func replayRecord(for record: DeadLetterRecord) -> KafkaRecord {
        var headers = record.originalHeaders
        headers.append(KafkaHeader(key: DeadLetterHeaders.replayedFrom, string: record.location))
        return KafkaRecord(
            topic: record.originalTopic, key: record.message.key, value: record.message.value, headers: headers)
    }
}
