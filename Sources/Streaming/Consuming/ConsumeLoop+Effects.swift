import Events
import Kafka
import Logging
import Postgres

/// The database half of a batch: one transaction, a savepoint per message.
extension ConsumeLoop {
    /// Runs the batch's transaction. An outage (database unreachable) retries the whole batch with
    /// backoff, without limit and without spending any message's attempts: nothing is wrong with the
    /// messages. Returns nil if the loop stops meanwhile.
    func commitEffects(
        _ batch: [KafkaMessage], _ prepared: [PreparedMessage], retries: PartitionRetries
    ) async -> [MessageOutcome]? {
        var outageAttempt = 0
        while true {
            let failure: any Error
            do {
                let connection = try await database.connection()
                return try await connection.transaction { transaction in
                    try await applyBatch(batch, prepared, retries: retries, in: transaction)
                }
            } catch {
                failure = error
            }
            guard case .outage(let errorClass) = FailureClassifier.classify(failure) else {
                return await isolate(batch, prepared, retries: retries, failure: failure)
            }
            outageAttempt += 1
            logger.warning("batch transaction failed; retrying", metadata: [
                "error": "\(failure)", "error_class": "\(errorClass)", "attempt": "\(outageAttempt)",
            ])
            metrics.retried(topic: batch[0].topic, errorClass: errorClass)
            await database.reset()
            guard await backOff(for: configuration.retry.delay(forAttempt: min(outageAttempt, 30))) else { return nil }
        }
    }

    /// A failure outside every message's savepoint (the COMMIT, say) names no message, and retrying the
    /// same batch would meet it again. Each message then gets a transaction of its own, so the failure
    /// lands on the message that causes it and nowhere else.
    private func isolate(
        _ batch: [KafkaMessage], _ prepared: [PreparedMessage], retries: PartitionRetries, failure: any Error
    ) async -> [MessageOutcome]? {
        guard batch.count > 1 else {
            let message = batch[0]
            let previous = retries.attempts(message.topicPartition, offset: message.offset)
            return [failedOutcome(message, failure, previousAttempts: previous, log: logger) ?? .notAttempted]
        }
        logger.warning("batch transaction failed; handling its messages one at a time", metadata: ["error": "\(failure)"])
        var outcomes: [MessageOutcome] = []
        var blocked = Set<TopicPartition>()
        for index in batch.indices {
            let partition = batch[index].topicPartition
            if blocked.contains(partition) {
                outcomes.append(.notAttempted)
                continue
            }
            guard let single = await commitEffects([batch[index]], [prepared[index]], retries: retries),
                  let outcome = single.first
            else { return nil }
            if !outcome.isSettled { blocked.insert(partition) }
            outcomes.append(outcome)
        }
        return outcomes
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
            // Later messages of a partition wait for the one being retried: per-key order holds.
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
            guard let outcome = failedOutcome(message, error, previousAttempts: previousAttempts, log: log) else {
                // The whole batch is retried once the database is back.
                throw error
            }
            return outcome
        }
    }

    /// What a failure makes of a message; nil for an outage, which is no fault of the message.
    func failedOutcome(_ message: KafkaMessage, _ error: any Error, previousAttempts: Int, log: Logger) -> MessageOutcome? {
        switch FailureClassifier.classify(error) {
        case .outage:
            return nil
        case .deadLetter(let errorClass):
            return .deadLetter(deadLetter(message, errorClass, "\(error)", attempts: previousAttempts + 1))
        case .retryMessage(let errorClass):
            let attempts = previousAttempts + 1
            guard configuration.retry.allowsRetry(afterAttempts: attempts) else {
                return .deadLetter(deadLetter(
                    message, errorClass, "gave up after \(attempts) attempts: \(error)", attempts: attempts))
            }
            log.info("retryable failure", metadata: ["error": "\(error)", "attempts": "\(attempts)"])
            return .retry(errorClass: errorClass, message: "\(error)", attempts: attempts)
        }
    }

    func deadLetter(_ message: KafkaMessage, _ errorClass: String, _ reason: String, attempts: Int) -> DeadLetter {
        DeadLetter(message: message, consumerGroup: configuration.groupID, errorClass: errorClass,
                   errorMessage: reason, attempts: attempts)
    }
}
