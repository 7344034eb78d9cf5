import Events
import Kafka
import Logging
import Postgres
import Tracing

/// The database half of a batch: one transaction for all its messages.
///
/// The batch first runs straight through (`applyDirectly`): one dedupe statement, the handlers, the
/// outbox rows in a few multi-row statements sent without waiting, COMMIT. If anything in it fails, the transaction is rolled back and the batch is
/// redone with a savepoint per message (`applyWithSavepoints`), which pins the failure on its message
/// while the others commit. Savepoints are not the default: each costs two round trips, and past 64 in
/// one transaction PostgreSQL's subtransaction cache overflows and every snapshot slows down.
extension ConsumeLoop {
    enum BatchMode: Sendable {
        case direct
        case savepointPerMessage
    }

    /// Runs the batch's transaction. An outage (database unreachable) retries the whole batch with
    /// backoff, without limit and without spending any message's attempts: nothing is wrong with the
    /// messages. Returns nil if the loop stops meanwhile.
    func commitEffects(
        _ batch: [KafkaMessage], _ prepared: [PreparedMessage], retries: PartitionRetries
    ) async -> [MessageOutcome]? {
        // A batch holding a message that failed before would most likely fail its direct pass again.
        let retrying = batch.contains { retries.attempts($0.topicPartition, offset: $0.offset) > 0 }
        var mode = retrying ? BatchMode.savepointPerMessage : .direct
        var outageAttempt = 0
        while true {
            let failure: any Error
            do {
                let connection = try await database.connection()
                // On the connection's own thread the batch's statements (one or more per event) call libpq
                // directly instead of switching threads twice each; the connection is this loop's alone.
                let outcomes = try await connection.withConnectionThread {
                    try await connection.transaction { transaction in
                        switch mode {
                        case .direct: try await applyDirectly(batch, prepared, retries: retries, in: transaction)
                        case .savepointPerMessage:
                            try await applyWithSavepoints(batch, prepared, retries: retries, in: transaction)
                        }
                    }
                }
                if outcomes.contains(where: \.isParked) { parking.parked() }
                return outcomes
            } catch {
                failure = error
            }
            guard case .outage(let errorClass) = FailureClassifier.classify(failure) else {
                if mode == .direct {
                    logger.debug("batch failed; redoing it with a savepoint per message", metadata: ["error": "\(failure)"])
                    metrics.batchRedone(topic: batch[0].topic)
                    mode = .savepointPerMessage
                    continue
                }
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
            let outcome = failedOutcome(message, failure, previousAttempts: previous, log: logger) ?? .notAttempted
            return [await parkAlone(message, outcome)]
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

    /// The logger of one event's handling.
    func eventLogger(_ event: AnyEvent) -> Logger {
        var log = logger
        log[metadataKey: "event_id"] = "\(event.metadata.id.lowercased)"
        log[metadataKey: "event_type"] = "\(event.metadata.type)"
        log[metadataKey: "correlation_id"] = "\(event.metadata.correlationID)"
        return log
    }

    func handlerContext(
        _ event: AnyEvent, _ transaction: PostgresTransaction, log: Logger, prepared: (any Sendable)? = nil
    ) -> HandlerContext {
        HandlerContext(
            transaction: transaction, logger: log, incoming: event.metadata, source: configuration.service,
            consumerGroup: configuration.groupID, prepared: prepared, metrics: metrics,
            traceparent: BatchSpans.current?.traceparent(of: event.metadata.id))
    }

    /// `body` in a span under the event's, when the event has one. Name and attributes are made only
    /// then: with tracing off this costs a task-local read.
    func traced<T>(
        _ name: @autoclosure () -> String, _ event: AnyEvent, attributes: @autoclosure () -> SpanAttributes = [:],
        _ body: () async throws -> T
    ) async throws -> T {
        guard let spans = BatchSpans.current else { return try await body() }
        return try await spans.within(name(), of: event.metadata.id, attributes: attributes(), body)
    }

    var processedEvents: ProcessedEvents { ProcessedEvents(consumerGroup: configuration.groupID) }

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
