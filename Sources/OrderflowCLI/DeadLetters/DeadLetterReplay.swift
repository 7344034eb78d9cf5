import Foundation
import Kafka
import Streaming

/// Turns a dead letter back into the message it was. Dead letters written by the consume loop go
/// through the runtime's `DeadLetterReplayer`; a hand-made or foreign message on a `.dlq` topic (no
/// `dlq_*` headers) is replayed to the topic its name implies, with the same `dlq_replayed_from` mark.
enum DeadLetterReplay {
    static func record(for entry: DeadLetterRecord) -> KafkaRecord? {
        if entry.isRuntimeDeadLetter {
            return DeadLetterReplayer.replayRecord(for: entry)
        }
        guard let topic = entry.replayTopic else { return nil }
        let dropped = Set(DeadLetterHeaders.all + [DeadLetterHeaders.replayedFrom])
        var headers = entry.message.headers.filter { !dropped.contains($0.key) }
        headers.append(KafkaHeader(key: DeadLetterHeaders.replayedFrom, string: entry.location))
        return KafkaRecord(topic: topic, key: entry.message.key, value: entry.message.value, headers: headers)
    }
}
