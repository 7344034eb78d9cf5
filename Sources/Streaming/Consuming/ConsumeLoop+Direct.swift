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
        let parking = try await parkingPlan(batch, prepared, in: transaction)
        // Messages behind one put back before the transaction are left for redelivery, unclaimed; a
        // message that parks is not claimed either (its claim goes with its later handling).
        let held = Self.heldBack(batch, prepared, parking: parking)
        let events = prepared.enumerated().compactMap { index, preparation -> EventMetadata? in
            guard !held.contains(index), parking[index] == nil, case .event(let event, _, _) = preparation else { return nil }
            return event.metadata
        }
        var unclaimed = try await processedEvents.claim(events, in: transaction)
        var outcomes: [MessageOutcome] = []
        outcomes.reserveCapacity(batch.count)
        var entries: [OutboxEntry] = []
        for (index, (message, preparation)) in zip(batch, prepared).enumerated() {
            if let action = parking[index] {
                outcomes.append(try await park(message, action, in: transaction))
                continue
            }
            if held.contains(index) {
                outcomes.append(.notAttempted)
                continue
            }
            switch preparation {
            case .skip:
                outcomes.append(.skipped)
            case .decided(let outcome):
                outcomes.append(outcome)
            case .reject(let errorClass, let reason):
                let previousAttempts = retries.attempts(message.topicPartition, offset: message.offset)
                outcomes.append(.deadLetter(deadLetter(message, errorClass, reason, attempts: previousAttempts + 1)))
            case .event(let event, let handler, let value):
                // Claimed by this batch and not yet handled: the first copy of an id is handled, any
                // later copy in the same batch is the duplicate it is.
                guard unclaimed.remove(event.metadata.id) != nil else {
                    eventLogger(event).debug("duplicate event skipped")
                    outcomes.append(.duplicate)
                    continue
                }
                let started = ContinuousClock.now
                let log = eventLogger(event)
                let emitted = try await traced("handle \(event.metadata.type)", event, attributes: Self.transactionAttributes) {
                    try await handler(event, handlerContext(event, transaction, log: log, prepared: value))
                }
                entries.append(contentsOf: try await traced("outbox write", event, attributes: Self.outboxAttributes(emitted)) {
                    try outbox.encode(emitted)
                })
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
