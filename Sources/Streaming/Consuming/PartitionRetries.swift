import Kafka

/// Partitions that are paused while one of their messages waits for its next attempt.
struct PartitionRetries: Sendable {
    struct Entry: Sendable {
        var offset: Int64
        var attempts: Int
        var resumeAt: ContinuousClock.Instant
        var paused: Bool
    }

    private(set) var entries: [TopicPartition: Entry] = [:]

    /// Attempts already spent on this message (0 if it has not failed before).
    func attempts(_ partition: TopicPartition, offset: Int64) -> Int {
        guard let entry = entries[partition], entry.offset == offset else { return 0 }
        return entry.attempts
    }

    mutating func scheduled(_ partition: TopicPartition, offset: Int64, attempts: Int, resumeAt: ContinuousClock.Instant) {
        entries[partition] = Entry(offset: offset, attempts: attempts, resumeAt: resumeAt, paused: true)
    }

    /// Paused partitions whose wait is over.
    func due(now: ContinuousClock.Instant) -> [TopicPartition] {
        entries.filter { $0.value.paused && $0.value.resumeAt <= now }.map(\.key)
    }

    mutating func resumed(_ partition: TopicPartition) { entries[partition]?.paused = false }

    func isPaused(_ partition: TopicPartition) -> Bool { entries[partition]?.paused ?? false }

    /// The message at `offset` is done with (processed or dead-lettered): its partition is healthy again.
    mutating func settled(_ partition: TopicPartition, through offset: Int64) {
        if let entry = entries[partition], entry.offset <= offset { entries[partition] = nil }
    }

    mutating func forget(_ partitions: [TopicPartition]) {
        for partition in partitions { entries[partition] = nil }
    }

    /// How long until the next paused partition is due, if any.
    func nextWake(now: ContinuousClock.Instant) -> Duration? {
        entries.values.filter(\.paused).map { max($0.resumeAt - now, .zero) }.min()
    }
}
