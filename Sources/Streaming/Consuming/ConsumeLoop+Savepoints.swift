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
        var parkedKeys = try await parkedKeys(of: batch, in: transaction)
        for (message, preparation) in zip(batch, prepared) {
            let previousAttempts = retries.attempts(message.topicPartition, offset: message.offset)
            switch preparation {
            case .skip:
                outcomes.append(.skipped)
            case .reject(let errorClass, let reason):
                outcomes.append(.deadLetter(deadLetter(message, errorClass, reason, attempts: previousAttempts + 1)))
            case .event(let event, let handler):
                // Later messages of a key wait behind its parked one: per-key order holds while the rest
                // of the partition flows.
                if let key = message.key, parkedKeys.contains(key) {
                    outcomes.append(try await parkBehind(message, in: transaction))
                    continue
                }
                var outcome = try await handleOne(message, event, handler, previousAttempts: previousAttempts, in: transaction)
                if case .retry(let errorClass, let reason, let attempts) = outcome, let key = message.key {
                    outcome = try await park(message, errorClass: errorClass, reason: reason, attempts: attempts, in: transaction)
                    parkedKeys.insert(key)
                }
                outcomes.append(outcome)
            }
        }
        return outcomes
    }

    private func handleOne(
        _ message: KafkaMessage, _ event: AnyEvent, _ handler: EventHandlers.Handler, previousAttempts: Int,
        in transaction: PostgresTransaction
    ) async throws -> MessageOutcome {
        let log = eventLogger(event)
        let started = ContinuousClock.now
        do {
            let isNew = try await transaction.savepoint { savepoint in
                guard try await processedEvents.claim(event.metadata, in: savepoint) else { return false }
                let emitted = try await handler(event, handlerContext(event, savepoint, log: log))
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
