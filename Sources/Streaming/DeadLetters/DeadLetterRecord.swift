import Foundation
import Kafka

/// A message read off a dead-letter topic, with the `DeadLetterHeaders` parsed. `message` is the dead
/// letter as fetched: its key, value and headers are the original message's (plus the dlq_* headers).
public struct DeadLetterRecord: Sendable {
    public var message: KafkaMessage
    public var originalTopic: String
    public var originalPartition: Int32?
    public var originalOffset: Int64?
    public var originalTimestamp: Date?
    public var consumerGroup: String?
    public var errorClass: String
    public var errorMessage: String
    public var attempts: Int?
    public var failedAt: Date?

    /// Nil when the message lacks `dlq_original_topic` or `dlq_error_class`: without them it is not a
    /// dead letter this runtime wrote and there is nowhere to replay it to. Other headers are optional
    /// (a malformed one reads as nil) so a damaged dead letter can still be inspected.
    public init?(_ message: KafkaMessage) {
        let headers = message.headers
        guard let originalTopic = headers.string(named: DeadLetterHeaders.originalTopic), !originalTopic.isEmpty,
              let errorClass = headers.string(named: DeadLetterHeaders.errorClass)
        else { return nil }
        self.message = message
        self.originalTopic = originalTopic
        self.errorClass = errorClass
        errorMessage = headers.string(named: DeadLetterHeaders.errorMessage) ?? ""
        originalPartition = headers.string(named: DeadLetterHeaders.originalPartition).flatMap { Int32($0) }
        originalOffset = headers.string(named: DeadLetterHeaders.originalOffset).flatMap { Int64($0) }
        originalTimestamp = headers.string(named: DeadLetterHeaders.originalTimestamp)
            .flatMap { Int64($0) }
            .map { Date(timeIntervalSince1970: Double($0) / 1000) }
        consumerGroup = headers.string(named: DeadLetterHeaders.consumerGroup)
        attempts = headers.string(named: DeadLetterHeaders.attempts).flatMap { Int($0) }
        failedAt = headers.string(named: DeadLetterHeaders.failedAt).flatMap(Timestamps.parseRFC3339)
    }

    /// Where the dead letter itself sits: `<dlq topic>/<partition>/<offset>`.
    public var location: String { "\(message.topic)/\(message.partition)/\(message.offset)" }

    /// The original message's headers: the dead letter's headers without the dlq_* ones.
    public var originalHeaders: [KafkaHeader] {
        message.headers.filter { !DeadLetterHeaders.isDeadLetterHeader($0.key) }
    }
}
