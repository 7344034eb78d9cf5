import Events
import Foundation
import Kafka
import Streaming

/// How `dlq list` and `dlq replay` show a dead letter. Missing headers show as `-` or `?`: a hand-made or
/// foreign message on a dead-letter topic is still listed, and replayable when its original topic can be
/// told from the dead-letter topic's name.
extension DeadLetterRecord {
    /// Where a replay goes: the recorded original topic, else the dead-letter topic's name without `.dlq`.
    var replayTopic: String? {
        recordedOriginalTopic ?? TopicCatalog.originalTopic(ofDeadLetterTopic: message.topic)
    }

    /// `orders/3@17`, or `?` parts when headers are missing.
    var originalPosition: String {
        "\(recordedOriginalTopic ?? "?")/\(originalPartition.map(String.init) ?? "?")@\(originalOffset.map(String.init) ?? "?")"
    }

    var position: String { "\(message.topic)/\(message.partition)@\(message.offset)" }

    func age(now: Date = Date()) -> TimeInterval? {
        (failedAt ?? message.timestamp).map { now.timeIntervalSince($0) }
    }

    var eventType: String? { message.headers.mirrored(EventHeaders.type) }
}
