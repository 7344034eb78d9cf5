import Events
import Kafka
import Logging
import Postgres
import ServiceLifecycle

/// The consume loop of a service: fetch a batch, handle it in one database transaction (a savepoint
/// per message, dedupe by event id, outbox rows in the same transaction), dead-letter what cannot be
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
    let logger: Logger

    public init(
        configuration: ConsumerLoopConfiguration, consumer: KafkaConsumer, rebalances: RebalanceTracker,
        database: DatabaseSession, deadLetters: DeadLetterPublisher, handlers: EventHandlers,
        registry: EventRegistry = .standard, outbox: OutboxWriter = OutboxWriter(), metrics: StreamingMetrics,
        logger: Logger
    ) {
        self.configuration = configuration
        self.consumer = consumer
        self.rebalances = rebalances
        self.database = database
        self.deadLetters = deadLetters
        self.preparer = MessagePreparer(registry: registry, handlers: handlers, maxValueBytes: configuration.maxValueBytes)
        self.outbox = outbox
        self.metrics = metrics
        self.logger = logger
    }

    /// Runs until the task is cancelled or graceful shutdown begins, then finishes the batch in hand,
    /// commits, and leaves the group.
    public func run() async throws {
        try consumer.subscribe(topics: configuration.topics)
        logger.info("consuming", metadata: [
            "topics": "\(configuration.topics.joined(separator: ","))", "group": "\(configuration.groupID)",
        ])
        var retries = PartitionRetries()
        var lastLag = ContinuousClock.now
        defer { logger.info("consume loop stopped") }
        while !stopping {
            retries.forget(rebalances.drainRevoked())
            resumeDue(&retries)
            let wait = min(configuration.batchMaxWait, retries.nextWake(now: .now) ?? configuration.batchMaxWait)
            let polled = try await consumer.poll(maxMessages: configuration.batchSize, maxWait: wait)
            if !polled.isEmpty {
                metrics.consumed(topic: polled[0].topic, count: polled.count)
                // A partition rewound for a retry may still hand over messages fetched before the rewind;
                // they come again from the rewound position, so they are dropped here.
                let batch = polled.filter { !retries.isPaused($0.topicPartition) }
                try await handle(batch, retries: &retries)
            }
            if ContinuousClock.now - lastLag >= configuration.lagInterval {
                lastLag = .now
                await refreshLag()
            }
        }
        await finish()
    }

    private var stopping: Bool { Task.isCancelled || Task.isShuttingDownGracefully }

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

    // MARK: - One batch

    func handle(_ batch: [KafkaMessage], retries: inout PartitionRetries) async throws {
        guard !batch.isEmpty else { return }
        let prepared = batch.map(preparer.prepare)
        guard let outcomes = await commitEffects(batch, prepared, retries: retries) else { return }
        guard await publishDeadLetters(outcomes) else { return }
        try await settle(batch, outcomes, retries: &retries)
        record(outcomes, batch)
    }

    /// Runs the batch's transaction. An outage (database unreachable) retries the whole batch with
    /// backoff, without limit: nothing is wrong with the messages. Returns nil if stopping meanwhile.
    private func commitEffects(
        _ batch: [KafkaMessage], _ prepared: [PreparedMessage], retries: PartitionRetries
    ) async -> [MessageOutcome]? {
        var outageAttempt = 0
        while true {
            do {
                let connection = try await database.connection()
                return try await connection.transaction { transaction in
                    try await applyBatch(batch, prepared, retries: retries, in: transaction)
                }
            } catch {
                outageAttempt += 1
                let disposition = FailureClassifier.classify(error)
                logger.warning("batch transaction failed; retrying", metadata: [
                    "error": "\(error)", "disposition": "\(disposition)", "attempt": "\(outageAttempt)",
                ])
                metrics.retried(topic: batch[0].topic, errorClass: "batch_outage")
                await database.reset()
                if stopping { return nil }
                try? await Task.sleep(for: configuration.retry.delay(forAttempt: min(outageAttempt, 30)))
                if stopping { return nil }
            }
        }
    }

    private func applyBatch(
        _ batch: [KafkaMessage], _ prepared: [PreparedMessage], retries: PartitionRetries,
        in transaction: PostgresTransaction
    ) async throws -> [MessageOutcome] {
        var outcomes: [MessageOutcome] = []
        outcomes.reserveCapacity(batch.count)
        var blocked = Set<TopicPartition>()
        for (message, preparation) in zip(batch, prepared) {
            let partition = message.topicPartition
            if blocked.contains(partition) {
                outcomes.append(.notAttempted)
                continue
            }
            let previousAttempts = retries.attempts(partition, offset: message.offset)
            switch preparation {
            case .skip:
                outcomes.append(.skipped)
            case .reject(let errorClass, let reason):
                outcomes.append(.deadLetter(deadLetter(message, errorClass, reason, attempts: previousAttempts + 1)))
            case .event(let event, let handler):
                let outcome = try await handleOne(message, event, handler, previousAttempts: previousAttempts, in: transaction)
                if case .retry = outcome { blocked.insert(partition) }
                outcomes.append(outcome)
            }
        }
        return outcomes
    }

    private func handleOne(
        _ message: KafkaMessage, _ event: AnyEvent, _ handler: EventHandlers.Handler, previousAttempts: Int,
        in transaction: PostgresTransaction
    ) async throws -> MessageOutcome {
        var log = logger
        log[metadataKey: "event_id"] = "\(event.metadata.id.uuidString.lowercased())"
        log[metadataKey: "event_type"] = "\(event.metadata.type)"
        log[metadataKey: "correlation_id"] = "\(event.metadata.correlationID)"
        let started = ContinuousClock.now
        do {
            let isNew = try await transaction.savepoint { savepoint in
                let inserted = try await savepoint.execute(
                    "INSERT INTO processed_events (consumer_group, event_id, event_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    [.text(configuration.groupID), .uuid(event.metadata.id), .text(event.metadata.type)])
                guard inserted == 1 else { return false }
                let context = HandlerContext(
                    transaction: savepoint, logger: log, incoming: event.metadata, source: configuration.service,
                    consumerGroup: configuration.groupID)
                let emitted = try await handler(event, context)
                try await outbox.write(emitted, in: savepoint)
                return true
            }
            if !isNew {
                log.debug("duplicate event skipped")
                return .duplicate
            }
            return .processed(type: event.metadata.type, latency: .now - started)
        } catch {
            switch FailureClassifier.classify(error) {
            case .outage:
                throw error
            case .deadLetter(let errorClass):
                return .deadLetter(deadLetter(message, errorClass, "\(error)", attempts: previousAttempts + 1))
            case .retryMessage(let errorClass):
                let attempts = previousAttempts + 1
                if attempts >= configuration.retry.maxAttempts {
                    return .deadLetter(deadLetter(
                        message, errorClass, "gave up after \(attempts) attempts: \(error)", attempts: attempts))
                }
                log.info("retryable failure", metadata: ["error": "\(error)", "attempts": "\(attempts)"])
                return .retry(errorClass: errorClass, message: "\(error)", attempts: attempts)
            }
        }
    }

    private func deadLetter(_ message: KafkaMessage, _ errorClass: String, _ reason: String, attempts: Int) -> DeadLetter {
        DeadLetter(message: message, consumerGroup: configuration.groupID, errorClass: errorClass,
                   errorMessage: reason, attempts: attempts)
    }

    /// Dead letters are on their topic before their offsets are stored. Broker trouble retries until it
    /// clears; returns false if stopping meanwhile (the batch is then redelivered; its effects are deduped).
    private func publishDeadLetters(_ outcomes: [MessageOutcome]) async -> Bool {
        let letters = outcomes.compactMap { outcome -> DeadLetter? in
            if case .deadLetter(let letter) = outcome { return letter }
            return nil
        }
        var attempt = 0
        while true {
            do {
                try await deadLetters.publish(letters)
                return true
            } catch {
                attempt += 1
                logger.error("dead-letter publish failed; retrying", metadata: ["error": "\(error)", "attempt": "\(attempt)"])
                if stopping { return false }
                try? await Task.sleep(for: configuration.retry.delay(forAttempt: min(attempt, 30)))
                if stopping { return false }
            }
        }
    }

    /// Stores the next offset of every partition up to its first unsettled message, rewinds and pauses
    /// partitions with a message to retry, and commits.
    private func settle(_ batch: [KafkaMessage], _ outcomes: [MessageOutcome], retries: inout PartitionRetries) async throws {
        var next: [TopicPartition: Int64] = [:]
        var halted = Set<TopicPartition>()
        var rewinds: [(TopicPartition, Int64, Int)] = []
        for (message, outcome) in zip(batch, outcomes) {
            let partition = message.topicPartition
            guard !halted.contains(partition) else { continue }
            if outcome.isSettled {
                next[partition] = message.offset + 1
                retries.settled(partition, through: message.offset)
            } else {
                halted.insert(partition)
                if case .retry(_, _, let attempts) = outcome { rewinds.append((partition, message.offset, attempts)) }
            }
        }
        let owned = rebalances.assignment
        next = next.filter { owned.isEmpty || owned.contains($0.key) }
        if !next.isEmpty { try consumer.store(offsets: next) }
        for (partition, offset, attempts) in rewinds {
            let delay = configuration.retry.delay(forAttempt: attempts)
            do {
                try consumer.pause([partition])
                try await consumer.seek(partition, to: offset, timeout: .seconds(10))
                retries.scheduled(partition, offset: offset, attempts: attempts, resumeAt: .now + delay)
            } catch {
                // Without the rewind the message would be skipped; stopping here makes the group
                // redeliver from the last committed offset instead.
                logger.error("could not rewind partition for retry", metadata: ["partition": "\(partition)", "error": "\(error)"])
                throw error
            }
        }
        do {
            try await consumer.commit()
        } catch {
            // Stored offsets are committed with the next commit or on close; redelivery is deduped.
            logger.warning("offset commit failed", metadata: ["error": "\(error)"])
        }
    }

    private func record(_ outcomes: [MessageOutcome], _ batch: [KafkaMessage]) {
        for (message, outcome) in zip(batch, outcomes) {
            switch outcome {
            case .processed(let type, let latency):
                metrics.processed(topic: message.topic, type: type)
                metrics.handlerLatency(latency, type: type)
            case .duplicate:
                metrics.duplicate(topic: message.topic)
            case .deadLetter(let letter):
                metrics.deadLettered(topic: message.topic, errorClass: letter.errorClass)
            case .retry(let errorClass, _, _):
                metrics.retried(topic: message.topic, errorClass: errorClass)
            case .skipped, .notAttempted:
                break
            }
        }
    }

    private func refreshLag() async {
        for partition in rebalances.assignment {
            guard let marks = try? await consumer.watermarks(partition, timeout: .seconds(2)),
                  let committed = try? await consumer.committed([partition], timeout: .seconds(2))[partition]
            else { continue }
            metrics.setConsumerLag(topic: partition.topic, partition: partition.partition, lag: max(0, marks.high - max(committed, 0)))
        }
    }
}
