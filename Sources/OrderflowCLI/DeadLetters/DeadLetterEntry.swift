import Events
import Foundation
import Kafka
import Streaming

/// One message on a dead-letter topic, with the `dlq_*` headers the consume loop adds read back.
/// Missing or malformed headers stay nil: a hand-made or foreign message is still listed and replayable
/// when its original topic can be told from the dead-letter topic's name.
struct DeadLetterEntry: Sendable {
    let message: KafkaMessage
    let originalTopic: String?
    let originalPartition: Int32?
    let originalOffset: Int64?
    let originalTimestamp: Date?
    let consumerGroup: String?
    let errorClass: String?
    let errorMessage: String?
    let attempts: Int?
    let failedAt: Date?

    init(_ message: KafkaMessage) {
        self.message = message
        let headers = message.headers
        originalTopic = headers.string(named: DeadLetterHeaders.originalTopic)
        originalPartition = headers.string(named: DeadLetterHeaders.originalPartition).flatMap { Int32($0) }
        originalOffset = headers.string(named: DeadLetterHeaders.originalOffset).flatMap { Int64($0) }
        originalTimestamp = headers.string(named: DeadLetterHeaders.originalTimestamp)
            .flatMap { Int64($0) }.map { Date(timeIntervalSince1970: Double($0) / 1000) }
        consumerGroup = headers.string(named: DeadLetterHeaders.consumerGroup)
        errorClass = headers.string(named: DeadLetterHeaders.errorClass)
        errorMessage = headers.string(named: DeadLetterHeaders.errorMessage)
        attempts = headers.string(named: DeadLetterHeaders.attempts).flatMap { Int($0) }
        failedAt = headers.string(named: DeadLetterHeaders.failedAt).flatMap(TimeText.parseISO8601)
    }

    /// Where a replay goes: the recorded original topic, else the dead-letter topic's name without `.dlq`.
    var replayTopic: String? {
        originalTopic ?? TopicCatalog.originalTopic(ofDeadLetterTopic: message.topic)
    }

    /// `orders/3@17`, or `?` parts when headers are missing.
    var originalPosition: String {
        "\(originalTopic ?? "?")/\(originalPartition.map(String.init) ?? "?")@\(originalOffset.map(String.init) ?? "?")"
    }

    var position: String { "\(message.topic)/\(message.partition)@\(message.offset)" }

    /// The `dlq_replayed_from` value: the same form the runtime's replayer writes.
    var location: String { "\(message.topic)/\(message.partition)/\(message.offset)" }

    func age(now: Date = Date()) -> TimeInterval? {
        (failedAt ?? message.timestamp).map { now.timeIntervalSince($0) }
    }

    var eventType: String? { message.headers.string(named: EventHeaders.type) }
}
