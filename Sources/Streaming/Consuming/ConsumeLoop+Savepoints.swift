import Events
import Kafka
import Postgres

/// A batch with a savepoint per message: the redo after a failure, where each message's failure must
/// undo only that message's work.
extension ConsumeLoop {
    func applyWithSavepoints(
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
            case .decided(let outcome):
                if !outcome.isSettled { blocked.insert(partition) }
                outcomes.append(outcome)
            case .event(let event, let handler, let value):
                let outcome = try await handleOne(
                    message, event, handler, prepared: value, previousAttempts: previousAttempts, in: transaction)
                if case .retry = outcome { blocked.insert(partition) }
                outcomes.append(outcome)
            }
        }
        return outcomes
    }

    private func handleOne(
        _ message: KafkaMessage, _ event: AnyEvent, _ handler: EventHandlers.Handler, prepared: (any Sendable)?,
        previousAttempts: Int,
        in transaction: PostgresTransaction
    ) async throws -> MessageOutcome {
        let log = eventLogger(event)
        let started = ContinuousClock.now
        do {
            let isNew = try await transaction.savepoint { savepoint in
                guard try await processedEvents.claim(event.metadata, in: savepoint) else { return false }
                let emitted = try await handler(event, handlerContext(event, savepoint, log: log, prepared: prepared))
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
}
