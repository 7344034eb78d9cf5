import Events
import Foundation
import Kafka

/// A message that could not be processed, with why. Its record is the original key, value and headers
/// byte for byte, plus the `DeadLetterHeaders`.
public struct DeadLetter: Sendable {
    public var message: KafkaMessage
    public var consumerGroup: String
    public var errorClass: String
    public var errorMessage: String
    public var attempts: Int
    public var failedAt: Date

    public init(message: KafkaMessage, consumerGroup: String, errorClass: String, errorMessage: String,
                attempts: Int, failedAt: Date = Date()) {
        self.message = message
        self.consumerGroup = consumerGroup
        self.errorClass = errorClass
        self.errorMessage = errorMessage
        self.attempts = attempts
        self.failedAt = failedAt
    }

    /// The record when the value itself cannot be published: no value, and `dlq_value_omitted` with
    /// the original value's size in bytes.
    public var recordWithoutValue: KafkaRecord {
        var reduced = record
        reduced.value = nil
        reduced.headers.append(KafkaHeader(key: DeadLetterHeaders.valueOmitted, value: Array(String(message.value?.count ?? 0).utf8)))
        return reduced
    }

    public var record: KafkaRecord {
        var headers = message.headers
        func add(_ key: String, _ value: String) { headers.append(KafkaHeader(key: key, value: Array(value.utf8))) }
        add(DeadLetterHeaders.originalTopic, message.topic)
        add(DeadLetterHeaders.originalPartition, String(message.partition))
        add(DeadLetterHeaders.originalOffset, String(message.offset))
        if let timestamp = message.timestamp {
            add(DeadLetterHeaders.originalTimestamp, String(Int64((timestamp.timeIntervalSince1970 * 1000).rounded())))
        }
        add(DeadLetterHeaders.consumerGroup, consumerGroup)
        add(DeadLetterHeaders.errorClass, errorClass)
        // Header values are small by convention; the reason is for people, so a long one is cut.
        add(DeadLetterHeaders.errorMessage, String(errorMessage.prefix(1_000)))
        add(DeadLetterHeaders.attempts, String(attempts))
        add(DeadLetterHeaders.failedAt, Timestamps.rfc3339(failedAt))
        return KafkaRecord(
            topic: TopicCatalog.deadLetterTopic(for: message.topic), key: message.key, value: message.value,
            headers: headers, partition: nil)
    }
}
