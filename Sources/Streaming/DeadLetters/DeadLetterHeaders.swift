/// Headers a dead letter carries on top of the original message's own headers.
public enum DeadLetterHeaders {
    public static let originalTopic = "dlq_original_topic"
    public static let originalPartition = "dlq_original_partition"
    public static let originalOffset = "dlq_original_offset"
    public static let originalTimestamp = "dlq_original_timestamp"
    public static let consumerGroup = "dlq_consumer_group"
    public static let errorClass = "dlq_error_class"
    public static let errorMessage = "dlq_error_message"
    public static let attempts = "dlq_attempts"
    public static let failedAt = "dlq_failed_at"
    /// Set when the original value was too large for the dead-letter topic: its size in bytes.
    public static let valueOmitted = "dlq_value_omitted"
    /// Set on a message re-published from a dead-letter topic.
    public static let replayedFrom = "dlq_replayed_from"

    public static let all = [
        originalTopic, originalPartition, originalOffset, originalTimestamp, consumerGroup,
        errorClass, errorMessage, attempts, failedAt,
    ]

    /// Whether a header is one the runtime adds to dead letters (the replay marker included), as
    /// opposed to one of the original message's headers.
    public static func isDeadLetterHeader(_ key: String) -> Bool { key.hasPrefix(prefix) }

    static let prefix = "dlq_"
}
