import Events
import Kafka
import Logging
import Postgres
import ServiceLifecycle

/// The consume loop of a service: fetch a batch, handle it in one database transaction (dedupe by
/// event id, outbox rows in the same transaction; see `commitEffects`), dead-letter what cannot be
/// handled, then store and commit offsets. Offsets never move past a message whose effects are not
/// committed, so a crash anywhere redelivers and the dedupe record absorbs the repeat.
public struct ConsumeLoop: Sendable {
    let configuration: ConsumerLoopConfiguration
    let consumer: KafkaConsumer
    let database: DatabaseSession
    let deadLetters: DeadLetterPublisher
    let preparer: MessagePreparer
    let outbox: OutboxWriter
    let metrics: StreamingMetrics
    let rebalances: RebalanceTracker
    let gates: [any ConsumeGate]
    let logger: Logger
    let stop = StopSignal()
    let parking = ParkingHint()

    public init(
        configuration: ConsumerLoopConfiguration, consumer: KafkaConsumer, rebalances: RebalanceTracker,
        database: DatabaseSession, deadLetters: DeadLetterPublisher, handlers: EventHandlers,
        registry: EventRegistry = .standard, outbox: OutboxWriter = OutboxWriter(), metrics: StreamingMetrics,
        gates: [any ConsumeGate] = [], logger: Logger
    ) {
        self.configuration = configuration
        self.consumer = consumer
        self.rebalances = rebalances
        self.database = database
        self.deadLetters = deadLetters
        self.preparer = MessagePreparer(registry: registry, handlers: handlers, maxValueBytes: configuration.maxValueBytes)
        self.outbox = outbox
        self.metrics = metrics
        self.gates = gates
        self.logger = logger
    }

    /// Runs until the task is cancelled or graceful shutdown begins, then finishes the batch in hand,
    /// commits, and leaves the group. Either way of stopping is orderly: the batch in hand completes.
    public func run() async throws {
        try consumer.subscribe(topics: configuration.topics)
        logger.info("consuming", metadata: [
            "topics": "\(configuration.topics.joined(separator: ","))", "group": "\(configuration.groupID)",
        ])
        defer { logger.info("consume loop stopped") }
        do {
            try await withTaskCancellationHandler {
                try await consume()
            } onCancel: {
                stop.raise()
            }
        } catch {
            // Only settled messages have stored offsets, so closing (which commits them) is right here too.
            await consumer.close()
            throw error
        }
        await finish()
    }

    var stopping: Bool { stop.isRaised || Task.isCancelled || Task.isShuttingDownGracefully }

    private func consume() async throws {
        // Lag needs broker round trips per partition; refreshed beside the loop, never in its way.
        let lagRefresh = Task { [self] in
            while !stopping {
                try? await Task.sleep(for: configuration.lagInterval)
                if stopping { break }
                await refreshLag()
            }
        }
        var failure: (any Error)?
        do {
            try await consumeBatches()
        } catch {
            failure = error
        }
        lagRefresh.cancel()
        if let failure { throw failure }
    }

    private func consumeBatches() async throws {
        var retries = PartitionRetries()
        var nextParkedLook = ContinuousClock.now
        var held = GateHold()
        while !stopping {
            let revoked = rebalances.drainRevoked()
            retries.forget(revoked)
            held.forget(revoked)
            if try await holdForGates(&held, retries: retries) {
                // Paused: polling keeps the group membership and serves rebalances; nothing is handled.
                let polled = try await consumer.poll(maxMessages: configuration.batchSize, maxWait: configuration.gateHoldPoll)
                try await putBack(polled, &held, retries: retries)
                continue
            }
            // Parked messages take turns with the batches on the loop's own connection: a retry never
            // contends for rows with a batch of the same process, which on hot rows would turn into
            // deadlocks and park more.
            if ContinuousClock.now >= nextParkedLook {
                nextParkedLook = .now + (await shieldedParkedTurn())
            }
            resumeDue(&retries)
            let wait = min(configuration.batchMaxWait, retries.nextWake(now: .now) ?? configuration.batchMaxWait)
            let polled = try await consumer.poll(maxMessages: configuration.batchSize, maxWait: wait)
            if !polled.isEmpty {
                for (topic, count) in Dictionary(grouping: polled, by: \.topic).mapValues(\.count) {
                    metrics.consumed(topic: topic, count: count)
                }
                // A partition rewound for a retry may still hand over messages fetched before the rewind;
                // they come again from the rewound position, so they are dropped here.
                let batch = polled.filter { !retries.isPaused($0.topicPartition) }
                retries = try await shielded(batch, retries)
            }
        }
    }

    /// Handles a batch in a task of its own, out of reach of the loop's cancellation. Cancelling would cut
    /// its statements off halfway (a cancelled statement fails like a broken one and would be blamed on
    /// the message), while finishing the batch in hand is short and keeps the offsets exact. The stop
    /// signal still cuts its retry waits short.
    private func shielded(_ batch: [KafkaMessage], _ retries: PartitionRetries) async throws -> PartitionRetries {
        try await Task {
            var retries = retries
            try await handle(batch, retries: &retries)
            return retries
        }.value
    }

    private func shieldedParkedTurn() async -> Duration {
        await Task { await retryDueParked() }.value
    }

    private func finish() async {
        do {
            try await consumer.commit()
        } catch {
            logger.warning("final offset commit failed", metadata: ["error": "\(error)"])
        }
        await consumer.close()
    }

    private func resumeDue(_ retries: inout PartitionRetries) {
        let due = retries.due(now: .now)
        guard !due.isEmpty else { return }
        do {
            try consumer.resume(due)
            for partition in due { retries.resumed(partition) }
        } catch {
            logger.warning("could not resume partitions", metadata: ["partitions": "\(due)", "error": "\(error)"])
        }
    }

    /// Sleeps for `delay`, or less when the loop is asked to stop; returns whether to carry on.
    func backOff(for delay: Duration) async -> Bool {
        let deadline = ContinuousClock.now + delay
        while !stopping {
            let left = deadline - .now
            if left <= .zero { return true }
            try? await Task.sleep(for: min(left, .milliseconds(100)))
        }
        return false
    }

    // MARK: - One batch

    func handle(_ batch: [KafkaMessage], retries: inout PartitionRetries) async throws {
        guard !batch.isEmpty else { return }
        guard let outcomes = await process(batch, retries: retries) else { return }
        try await settle(batch, outcomes, retries: &retries)
        record(outcomes, batch)
    }

    /// Everything but the offsets: effects committed, dead letters on their topic. Nil when the loop is
    /// stopping before that is done; the batch is then redelivered and its committed effects deduped.
    func process(_ batch: [KafkaMessage], retries: PartitionRetries) async -> [MessageOutcome]? {
        let decoded = batch.map(preparer.prepare)
        let spans = BatchSpans.start(batch, decoded, group: configuration.groupID)
        return await BatchSpans.$current.withValue(spans) {
            let outcomes = await processDecoded(batch, decoded, retries: retries)
            spans?.end(batch, decoded, outcomes)
            return outcomes
        }
    }

    private func processDecoded(_ batch: [KafkaMessage], _ decoded: [PreparedMessage], retries: PartitionRetries) async -> [MessageOutcome]? {
        let prepared = await prepareOutside(batch, await deferringParkedKeys(batch, decoded), retries: retries)
        guard let outcomes = await commitEffects(batch, prepared, retries: retries) else { return nil }
        guard await publishDeadLetters(outcomes) else { return nil }
        return outcomes
    }
}
