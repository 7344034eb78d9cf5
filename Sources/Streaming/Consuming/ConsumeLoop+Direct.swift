import Events
import Kafka
import Postgres

/// A batch without savepoints: the common case, where every message's handling succeeds.
extension ConsumeLoop {
    static let outboxChunkRows = 50

    /// Claims the batch's event ids in one statement (taken from the messages' headers, so bodies need
    /// not be decoded first), then decodes and handles each newly claimed message in turn, sending its
    /// statements and the outbox rows without waiting, so the database works while the next message is
    /// decoded. Any failure is thrown: the caller rolls the transaction back and redoes the batch with a
    /// savepoint per message, so nothing of this attempt survives and no message's attempts are spent on it.
    func applyDirectly(
        _ batch: PreparedBatch, retries: PartitionRetries, in transaction: PostgresTransaction
    ) async throws -> [MessageOutcome] {
        let plan = ClaimPlan(batch)
        var unclaimed = try await processedEvents.claim(plan.entries, in: transaction)
        var outcomes: [MessageOutcome] = []
        outcomes.reserveCapacity(batch.messages.count)
        var entries: [OutboxEntry] = []
        for (index, message) in batch.messages.enumerated() {
            let preparation = batch[index]
            guard plan.agrees(index, with: preparation) else {
                throw ClaimPlanMismatch(topic: message.topic, partition: message.partition, offset: message.offset)
            }
            switch preparation {
            case .skip:
                outcomes.append(.skipped)
            case .reject(let errorClass, let reason):
                let previousAttempts = retries.attempts(message.topicPartition, offset: message.offset)
                outcomes.append(.deadLetter(deadLetter(message, errorClass, reason, attempts: previousAttempts + 1)))
            case .event(let event, let handler):
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
