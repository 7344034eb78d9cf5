import CRdKafka
import Dispatch
import Foundation
import Logging
import Synchronization

/// A consumer-group member with explicit offset management: nothing counts as consumed until the caller
/// stores its offset (`store`) and commits (`commit`, or automatically before partitions are revoked and
/// on `close`).
///
/// Threading: polls, seeks and close run on the consumer's own serial queue, so they never overlap and the
/// rebalance callback (which librdkafka invokes inside a poll) runs there too. Commit, committed-offset and
/// watermark queries run on a second queue so they are not held up by a long poll.
public final class KafkaConsumer: Sendable {
    private let handle: ClientHandle
    private let coordinator: RebalanceCoordinator
    private let pollQueue: DispatchQueue
    private let queryQueue: DispatchQueue
    private let logger: Logger

    /// `onRebalance` is invoked synchronously on the consumer's poll thread during a rebalance. On revoke the
    /// consumer FIRST commits the offsets stored so far (synchronously), THEN calls onRebalance(.revoked),
    /// THEN unassigns. The callback must be quick and must not call back into the consumer.
    public init(
        configuration: KafkaConsumerConfiguration, logger: Logger = Logger(label: "kafka.consumer"),
        onRebalance: (@Sendable (RebalanceEvent) -> Void)? = nil
    ) throws(KafkaError) {
        let coordinator = RebalanceCoordinator(logger: logger, onRebalance: onRebalance)
        let conf = try NativeConfiguration.make(configuration.entries, context: "configuring consumer")
        LibrdkafkaLog.install(on: conf)
        RebalanceCoordinator.install(on: conf)
        let context = ClientContext(logger: logger, rebalance: coordinator)
        let handle = try ClientHandle(type: RD_KAFKA_CONSUMER, conf: conf, context: context, what: "consumer")
        // Serve the main queue (error callbacks) from consumer polls, so there is a single queue to poll.
        _ = try handle.withHandle("configuring consumer") { pointer in rd_kafka_poll_set_consumer(pointer) }
        self.handle = handle
        self.coordinator = coordinator
        self.logger = logger
        pollQueue = DispatchQueue(label: "kafka.consumer.poll.\(handle.name)")
        queryQueue = DispatchQueue(label: "kafka.consumer.query.\(handle.name)")
    }

    deinit {
        // Without close(): leave the group and destroy on the poll queue, never on the releasing thread.
        let handle = handle
        pollQueue.async {
            handle.destroy { pointer in _ = rd_kafka_consumer_close(pointer) }
        }
    }

    public func subscribe(topics: [String]) throws(KafkaError) {
        guard !topics.isEmpty else { throw KafkaError.invalidArgument("subscribing", "no topics given") }
        let context = "subscribing to \(topics)"
        try handle.withHandle(context) { pointer throws(KafkaError) in
            let list = PartitionList.make(topics.map { TopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA) })
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let result = rd_kafka_subscribe(pointer, list)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result, context: context) }
        }
    }

    /// Reads exactly these partitions from the given starts, without joining a group (no subscription,
    /// no rebalance). Replaces any earlier manual assignment.
    public func assign(_ starts: [TopicPartition: StartOffset]) throws(KafkaError) {
        let context = "assigning \(starts.keys.sorted())"
        try handle.withHandle(context) { pointer throws(KafkaError) in
            let partitions = starts.keys.sorted()
            let list = PartitionList.make(partitions, offsets: starts.mapValues(\.native))
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let result = rd_kafka_assign(pointer, list)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result, context: context) }
        }
    }

    /// For each partition, the offset of the first record whose timestamp is at or after `date`
    /// (ListOffsets by time); nil where no record is that recent.
    public func offsets(at date: Date, of partitions: [TopicPartition], timeout: Duration) async throws(KafkaError) -> [TopicPartition: Int64?] {
        guard !partitions.isEmpty else { return [:] }
        let handle = handle
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        return try await runBlocking(on: queryQueue) { () -> Result<[TopicPartition: Int64?], KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("looking up offsets by time") { pointer throws(KafkaError) in
                    let list = PartitionList.make(partitions, offsets: Dictionary(uniqueKeysWithValues: partitions.map { ($0, milliseconds) }))
                    defer { rd_kafka_topic_partition_list_destroy(list) }
                    let context = "looking up the offsets of \(partitions) at \(date)"
                    let result = rd_kafka_offsets_for_times(pointer, list, timeout.timeoutMilliseconds)
                    guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result, context: context) }
                    if let error = PartitionList.firstError(list, context: context) { throw error }
                    var offsets: [TopicPartition: Int64?] = [:]
                    for entry in PartitionList.entries(list) {
                        let found: Int64? = entry.offset >= 0 ? entry.offset : nil
                        offsets.updateValue(found, forKey: PartitionList.topicPartition(entry))
                    }
                    return offsets
                }
            }
        }.get()
    }

    // MARK: Polling

    /// Waits up to `maxWait` and returns up to `maxMessages` messages (possibly empty), in fetch order.
    /// Returns as soon as at least one message is available (it does not wait to fill the batch).
    /// Consumer-level errors that are informational (transient broker errors, missing topics) are logged, not
    /// thrown; fatal ones (and authentication or authorization failures) throw. Task cancellation does not
    /// interrupt a poll: it returns within `maxWait`.
    public func poll(maxMessages: Int, maxWait: Duration) async throws(KafkaError) -> [KafkaMessage] {
        guard maxMessages > 0 else { return [] }
        let handle = handle
        let poller = BatchPoller(coordinator: coordinator, logger: logger)
        return try await runBlocking(on: pollQueue) { () -> Result<[KafkaMessage], KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("polling") { pointer throws(KafkaError) in
                    try poller.poll(pointer, maxMessages: maxMessages, maxWait: maxWait)
                }
            }
        }.get()
    }

    // MARK: Offsets

    /// Store "next offset to read" = message.offset + 1 for each message's partition (highest wins per
    /// partition). Partitions no longer assigned to this member are skipped: their new owner re-reads them.
    public func store(_ messages: [KafkaMessage]) throws(KafkaError) {
        var offsets: [TopicPartition: Int64] = [:]
        for message in messages {
            offsets[message.topicPartition] = max(offsets[message.topicPartition] ?? Int64.min, message.offset + 1)
        }
        try store(offsets: offsets)
    }

    /// Store explicit next offsets (the offset of the next message to read, as Kafka commits them).
    public func store(offsets: [TopicPartition: Int64]) throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let logger = logger
        try handle.withHandle("storing offsets") { pointer throws(KafkaError) in
            let list = PartitionList.make(Array(offsets.keys), offsets: offsets)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let result = rd_kafka_offsets_store(pointer, list)
            for entry in PartitionList.entries(list) where entry.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let partition = PartitionList.topicPartition(entry)
                // _STATE: known but not assigned; _UNKNOWN_PARTITION: never assigned to this member.
                let notAssigned = entry.err == RD_KAFKA_RESP_ERR__STATE || entry.err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION
                guard notAssigned else {
                    throw KafkaError(entry.err, context: "storing offset \(entry.offset) for \(partition)")
                }
                logger.debug("not storing offset for \(partition): no longer assigned")
            }
            // The call-level result repeats the first per-partition error, already handled above.
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR || result == RD_KAFKA_RESP_ERR__STATE
                || result == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION
            else {
                throw KafkaError(result, context: "storing offsets")
            }
        }
    }

    /// Synchronously commit stored offsets. A commit with nothing stored is not an error.
    public func commit() async throws(KafkaError) {
        let handle = handle
        try await runBlocking(on: queryQueue) { () -> Result<Void, KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("committing offsets") { pointer throws(KafkaError) in
                    let result = rd_kafka_commit(pointer, nil, 0)
                    guard result == RD_KAFKA_RESP_ERR_NO_ERROR || result == RD_KAFKA_RESP_ERR__NO_OFFSET else {
                        throw KafkaError(result, context: "committing offsets")
                    }
                }
            }
        }.get()
    }

    /// The group's committed offsets (next offset to read). Partitions without a committed offset are absent.
    public func committed(
        _ partitions: [TopicPartition], timeout: Duration
    ) async throws(KafkaError) -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        let handle = handle
        return try await runBlocking(on: queryQueue) { () -> Result<[TopicPartition: Int64], KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("fetching committed offsets") { pointer throws(KafkaError) in
                    try CommittedOffsets.fetch(pointer, partitions, timeout: timeout)
                }
            }
        }.get()
    }

    // MARK: Assignment and flow control

    public func assignment() throws(KafkaError) -> [TopicPartition] {
        try handle.withHandle("reading the assignment") { pointer throws(KafkaError) in
            var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            let result = rd_kafka_assignment(pointer, &list)
            defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result, context: "reading the assignment") }
            return PartitionList.topicPartitions(list).sorted()
        }
    }

    /// Stops fetching these partitions; `poll` returns none of their messages until `resume`.
    public func pause(_ partitions: [TopicPartition]) throws(KafkaError) {
        guard !partitions.isEmpty else { return }
        coordinator.markPaused(partitions)
        try pauseOrResume(partitions, pause: true)
    }

    /// Resumes fetching at the position the partition had when paused (or where `seek` moved it).
    public func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        guard !partitions.isEmpty else { return }
        coordinator.markResumed(partitions)
        try pauseOrResume(partitions, pause: false)
    }

    private func pauseOrResume(_ partitions: [TopicPartition], pause: Bool) throws(KafkaError) {
        let operation = pause ? "pausing" : "resuming"
        try handle.withHandle(operation) { pointer throws(KafkaError) in
            let list = PartitionList.make(partitions)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let result = pause ? rd_kafka_pause_partitions(pointer, list) : rd_kafka_resume_partitions(pointer, list)
            if let error = PartitionList.firstError(list, context: operation) { throw error }
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result, context: "\(operation) \(partitions)") }
        }
    }

    /// Seek a (possibly paused) assigned partition so the next fetch starts at `offset`. Messages of that
    /// partition fetched before the seek are discarded, never returned after it.
    public func seek(_ partition: TopicPartition, to offset: Int64, timeout: Duration) async throws(KafkaError) {
        let handle = handle
        try await runBlocking(on: pollQueue) { () -> Result<Void, KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("seeking \(partition)") { pointer throws(KafkaError) in
                    let list = PartitionList.make([partition], offsets: [partition: offset])
                    defer { rd_kafka_topic_partition_list_destroy(list) }
                    let context = "seeking \(partition) to offset \(offset)"
                    if let error = KafkaError.consuming(
                        rd_kafka_seek_partitions(pointer, list, timeout.timeoutMilliseconds), context: context
                    ) {
                        throw error
                    }
                    if let error = PartitionList.firstError(list, context: context) { throw error }
                }
            }
        }.get()
    }

    public func watermarks(_ partition: TopicPartition, timeout: Duration) async throws(KafkaError) -> (low: Int64, high: Int64) {
        let handle = handle
        let marks = try await runBlocking(on: queryQueue) { () -> Result<Watermarks, KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("querying watermarks of \(partition)") { pointer throws(KafkaError) in
                    try Watermarks.query(pointer, partition, timeout: timeout)
                }
            }
        }.get()
        return (marks.low, marks.high)
    }

    /// The partition's offsets as of the last fetch response, from librdkafka's cache: no broker round
    /// trip, so it can be read as often as wanted. Nil before the partition was fetched or after close.
    public func cachedWatermarks(_ partition: TopicPartition) -> (low: Int64?, high: Int64)? {
        try? handle.withHandle("reading cached watermarks of \(partition)") { pointer throws(KafkaError) in
            Watermarks.cached(pointer, partition)
        }
    }

    // MARK: Shutdown

    /// Commit stored offsets, leave the group (rd_kafka_consumer_close), destroy. Idempotent. Leaving the group
    /// revokes the assignment, so `onRebalance(.revoked)` fires one last time from inside `close`.
    public func close() async {
        // destroy() is idempotent and the poll queue is serial, so a second close waits for the first.
        let handle = handle
        let logger = logger
        await runBlocking(on: pollQueue) {
            handle.destroy { pointer in
                // Leaving the group revokes the assignment; the revoke callback commits what is stored.
                GroupLeave.unsubscribeAndDrain(pointer, timeout: .seconds(10))
                let result = rd_kafka_consumer_close(pointer)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                    logger.warning("leaving the group failed: \(KafkaError(result, context: "closing consumer"))")
                }
            }
        }
    }
}
