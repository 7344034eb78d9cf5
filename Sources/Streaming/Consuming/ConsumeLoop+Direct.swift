import Events
import Kafka
import Postgres

/// A batch without savepoints: the common case, where every message's handling succeeds.
extension ConsumeLoop {
    static let outboxChunkRows = 50

    /// Claims the batch's event ids in one statement, runs the handlers of the newly claimed ones, and
    /// writes the emitted events to the outbox in one statement per 50. Any failure is thrown: the caller rolls
    /// the transaction back and redoes the batch with a savepoint per message, so nothing of this
    /// attempt survives and no message's attempts are spent on it.
    func applyDirectly(
        _ batch: [KafkaMessage], _ prepared: [PreparedMessage], retries: PartitionRetries,
        in transaction: PostgresTransaction
    ) async throws -> [MessageOutcome] {
        let parkedKeys = try await parkedKeys(of: batch, in: transaction)
        // A message of a parked key is not claimed here: the worker claims it when it handles it.
        let events = zip(batch, prepared).compactMap { message, preparation -> EventMetadata? in
            guard case .event(let event, _) = preparation else { return nil }
            if let key = message.key, parkedKeys.contains(key) { return nil }
            return event.metadata
        }
        var unclaimed = try await processedEvents.claim(events, in: transaction)
        var outcomes: [MessageOutcome] = []
        outcomes.reserveCapacity(batch.count)
        var entries: [OutboxEntry] = []
        for (message, preparation) in zip(batch, prepared) {
            switch preparation {
            case .skip:
                outcomes.append(.skipped)
            case .reject(let errorClass, let reason):
                let previousAttempts = retries.attempts(message.topicPartition, offset: message.offset)
                outcomes.append(.deadLetter(deadLetter(message, errorClass, reason, attempts: previousAttempts + 1)))
            case .event(let event, let handler):
                if let key = message.key, parkedKeys.contains(key) {
                    outcomes.append(try await parkBehind(message, in: transaction))
                    continue
                }
                // Claimed by this batch and not yet handled: the first copy of an id is handled, any
                // later copy in the same batch is the duplicate it is.
                guard unclaimed.remove(event.metadata.id) != nil else {
                    eventLogger(event).debug("duplicate event skipped")
                    outcomes.append(.duplicate)
                    continue
                }
                let started = ContinuousClock.now
                let log = eventLogger(event)
                let emitted = try await handler(event, handlerContext(event, transaction, log: log))
                entries.append(contentsOf: try outbox.encode(emitted))
                outcomes.append(.processed(type: event.metadata.type, latency: .now - started))
                // Rows go out in chunks while the batch is still being handled, so the server inserts
                // them as the handlers run instead of all at once before the commit.
                if entries.count >= Self.outboxChunkRows {
                    try await outbox.insert(entries, in: transaction)
                    entries.removeAll(keepingCapacity: true)
                }
            }
        }
        try await outbox.insert(entries, in: transaction)
        return outcomes
    }
}
