import Foundation
import Kafka
import Streaming

/// Turns a dead letter back into the message it was: original key, value and headers, without the
/// `dlq_*` headers (so a second failure is described afresh), plus `dlq_replayed_from` naming the
/// dead-letter position. Partition is left to the key partitioner, so the order's other events and the
/// replay share a partition. Consumers deduplicate on the event id, so a replay is safe for every group.
enum DeadLetterReplay {
    /// `orders.dlq/0@5`: the dead-letter topic, partition and offset the replay came from.
    static func replayedFromValue(_ entry: DeadLetterEntry) -> String {
        entry.position
    }

    static func record(for entry: DeadLetterEntry) -> KafkaRecord? {
        guard let topic = entry.replayTopic else { return nil }
        let dropped = Set(DeadLetterHeaders.all + [DeadLetterHeaders.replayedFrom])
        var headers = entry.message.headers.filter { !dropped.contains($0.key) }
        headers.append(KafkaHeader(key: DeadLetterHeaders.replayedFrom, string: replayedFromValue(entry)))
        return KafkaRecord(topic: topic, key: entry.message.key, value: entry.message.value, headers: headers)
    }
}
