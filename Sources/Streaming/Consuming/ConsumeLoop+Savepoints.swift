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
        let parking = try await parkingPlan(batch, prepared, in: transaction)
        // Keys parked so far: before the batch, by a failed preparation, or by a handler's retryable
        // failure below. Their later messages queue behind.
        var parkedKeys = Set(parking.keys.compactMap { batch[$0].key })
        let held = Self.heldBack(batch, prepared, parking: parking)
        var blocked = Set<TopicPartition>()
        for (index, (message, preparation)) in zip(batch, prepared).enumerated() {
            let partition = message.topicPartition
            if let action = parking[index] {
                outcomes.append(try await park(message, action, in: transaction))
                continue
            }
            // Behind a message put back before the transaction, or one that could not park.
            if held.contains(index) || blocked.contains(partition) {
                outcomes.append(.notAttempted)
                continue
            }
            // Later messages of a key wait behind its parked one: per-key order holds while the rest of
            // the partition flows.
            if let key = message.key, parkedKeys.contains(key), case .event = preparation {
                outcomes.append(try await parkBehind(message, in: transaction))
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
                var outcome = try await handleOne(
                    message, event, handler, prepared: value, previousAttempts: previousAttempts, in: transaction)
                if case .retry(let errorClass, let reason, let attempts) = outcome, let key = message.key {
                    outcome = try await park(message, errorClass: errorClass, reason: reason, attempts: attempts, in: transaction)
                    parkedKeys.insert(key)
                }
                if !outcome.isSettled { blocked.insert(partition) }
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
                let emitted = try await traced("handle \(event.metadata.type)", event, attributes: Self.transactionAttributes) {
                    try await handler(event, handlerContext(event, savepoint, log: log, prepared: prepared))
                }
                try await traced("outbox write", event, attributes: Self.outboxAttributes(emitted)) {
                    try await outbox.write(emitted, in: savepoint)
                }
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
