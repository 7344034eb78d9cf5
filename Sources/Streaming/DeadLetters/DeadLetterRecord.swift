import Foundation
import Kafka

/// A message read off a dead-letter topic, with the `DeadLetterHeaders` parsed. `message` is the dead
/// letter as fetched: its key, value and headers are the original message's (plus the dlq_* headers).
///
/// Every header may be missing or malformed (it then reads as nil): a hand-made or foreign message on a
/// dead-letter topic can still be listed. `init?(_:)` only accepts what the runtime writes.
public struct DeadLetterRecord: Sendable {
    public var message: KafkaMessage
    /// `dlq_original_topic` as found.
    public var recordedOriginalTopic: String?
    public var originalPartition: Int32?
    public var originalOffset: Int64?
    public var originalTimestamp: Date?
    public var consumerGroup: String?
    /// `dlq_error_class` as found.
    public var recordedErrorClass: String?
    /// `dlq_error_message` as found.
    public var recordedErrorMessage: String?
    public var attempts: Int?
    public var failedAt: Date?

    /// Reads whatever dead-letter headers the message has.
    public init(reading message: KafkaMessage) {
        let headers = message.headers
        self.message = message
        recordedOriginalTopic = headers.string(named: DeadLetterHeaders.originalTopic)
        originalPartition = headers.string(named: DeadLetterHeaders.originalPartition).flatMap { Int32($0) }
        originalOffset = headers.string(named: DeadLetterHeaders.originalOffset).flatMap { Int64($0) }
        originalTimestamp = headers.string(named: DeadLetterHeaders.originalTimestamp)
            .flatMap { Int64($0) }
            .map { Date(timeIntervalSince1970: Double($0) / 1000) }
        consumerGroup = headers.string(named: DeadLetterHeaders.consumerGroup)
        recordedErrorClass = headers.string(named: DeadLetterHeaders.errorClass)
        recordedErrorMessage = headers.string(named: DeadLetterHeaders.errorMessage)
        attempts = headers.string(named: DeadLetterHeaders.attempts).flatMap { Int($0) }
        failedAt = headers.string(named: DeadLetterHeaders.failedAt).flatMap(Timestamps.parseRFC3339)
    }

    /// Nil when the message lacks `dlq_original_topic` or `dlq_error_class`: without them it is not a
    /// dead letter this runtime wrote and there is nowhere to replay it to. Other headers are optional
    /// so a damaged dead letter can still be inspected.
    public init?(_ message: KafkaMessage) {
        self.init(reading: message)
        guard isRuntimeDeadLetter else { return nil }
    }

    /// Whether it names its original topic and error class, as every dead letter the runtime writes does.
    public var isRuntimeDeadLetter: Bool {
        !(recordedOriginalTopic ?? "").isEmpty && recordedErrorClass != nil
    }

    /// The recorded original topic; never empty on a record `init?(_:)` accepted.
    public var originalTopic: String { recordedOriginalTopic ?? "" }
    /// The recorded error class; always there on a record `init?(_:)` accepted.
    public var errorClass: String { recordedErrorClass ?? "" }
    /// The recorded reason, empty when there is none.
    public var errorMessage: String { recordedErrorMessage ?? "" }

    /// Where the dead letter itself sits: `<dlq topic>/<partition>/<offset>`.
    public var location: String { "\(message.topic)/\(message.partition)/\(message.offset)" }

    /// The original message's headers: the dead letter's headers without the dlq_* ones.
    public var originalHeaders: [KafkaHeader] {
        message.headers.filter { !DeadLetterHeaders.isDeadLetterHeader($0.key) }
    }
}
