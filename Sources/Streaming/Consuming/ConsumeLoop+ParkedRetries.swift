import Events
import Kafka
import Logging
import Postgres

/// Parked messages' retries, taking turns with the batches: the head of each parked key is retried when
/// due, oldest first, in the same idempotent transaction as a normal handling (dedupe claim, handler,
/// outbox), deleting the parked row in that transaction. A crash before the commit leaves the row to
/// retry; after it, the row is gone and the claim makes any copy a duplicate. Replicas may retry
/// together: a key's head is taken under a transaction-scoped advisory lock, so one replica at a time
/// works on a key.
extension ConsumeLoop {
    enum ParkedAttempt {
        case handled
        /// Another replica is on the key, or the row went meanwhile.
        case busy
    }

    /// What `/readyz` shows of the parked messages: worth an alert when it grows, never a reason to take
    /// the process out of service (it is what keeps the other keys flowing).
    var readinessDetails: [(name: String, value: String)] {
        guard let figures = parking.figures, figures.messages > 0 else { return [] }
        let age = Int((figures.oldestAge ?? .zero) / .seconds(1))
        return [("parked", "\(figures.messages) message(s) of \(figures.keys) key(s), the oldest parked \(age) s ago")]
    }

    /// One turn: the due heads (a bounded number, oldest first), the hint and the figures refreshed.
    /// Returns how long until the next turn is worth taking.
    func retryDueParked() async -> Duration {
        var wait = configuration.parkedPollInterval
        do {
            let connection = try await database.connection()
            let snapshot = parking.snapshot()
            let heads = try await parkedMessages.dueHeads(limit: Self.parkedPerTurn, on: connection)
            for head in heads where !stopping {
                try await retry(head, on: connection)
            }
            parking.update(found: try await parkedMessages.hasAny(on: connection), since: snapshot)
            let statistics = try await parkedMessages.statistics(on: connection)
            metrics.setParked(messages: statistics.messages, keys: statistics.keys, oldestAge: statistics.oldestAge)
            parking.figures = statistics
            if heads.count == Self.parkedPerTurn {
                wait = .zero
            } else if let due = try await parkedMessages.untilNextDue(on: connection) {
                wait = min(wait, max(due, .milliseconds(10)))
            }
        } catch {
            // An outage: nothing about the messages; the batches meet it too and wait it out.
            logger.warning("retrying parked messages failed", metadata: ["error": "\(error)"])
            await database.reset()
        }
        return wait
    }

    /// Heads retried per turn, so a long queue of due keys delays the next batch by little.
    static let parkedPerTurn = 20

    /// One attempt at a key's head. Throws only for an outage (or a dead letter that could not be
    /// published), leaving the row as it was.
    private func retry(_ head: ParkedMessage, on connection: PostgresConnection) async throws {
        let message = head.message
        switch preparer.prepare(message) {
        case .skip:
            try await connection.transaction { transaction in
                _ = try await parkedMessages.claimHead(head, in: transaction)
                try await parkedMessages.remove(head.id, in: transaction)
            }
        case .reject(let errorClass, let reason):
            try await deadLetterParked(head, deadLetter(message, errorClass, reason, attempts: head.attempts + 1), on: connection)
        case .event(let event, let handler):
            let started = ContinuousClock.now
            let log = eventLogger(event)
            do {
                let isNew: Bool? = try await connection.transaction { transaction in
                    guard try await parkedMessages.claimHead(head, in: transaction) else { return nil }
                    let claimed = try await processedEvents.claim(event.metadata, in: transaction)
                    if claimed {
                        let emitted = try await handler(event, handlerContext(event, transaction, log: log))
                        try await outbox.write(emitted, in: transaction)
                    }
                    try await parkedMessages.remove(head.id, in: transaction)
                    return claimed
                }
                guard let isNew else { return }
                if isNew {
                    metrics.processed(topic: message.topic, type: event.metadata.type)
                    metrics.handlerLatency(.now - started, type: event.metadata.type)
                    log.info("parked message handled", metadata: ["attempts": "\(head.attempts + 1)"])
                } else {
                    metrics.duplicate(topic: message.topic)
                }
            } catch {
                try await failed(head, error, log: log, on: connection)
            }
        }
    }

    private func failed(_ head: ParkedMessage, _ error: any Error, log: Logger, on connection: PostgresConnection) async throws {
        let message = head.message
        let attempts = head.attempts + 1
        switch FailureClassifier.classify(error) {
        case .outage:
            throw error
        case .deadLetter(let errorClass):
            try await deadLetterParked(head, deadLetter(message, errorClass, "\(error)", attempts: attempts), on: connection)
        case .retryMessage(let errorClass):
            if configuration.retry.allowsRetry(afterAttempts: attempts) {
                metrics.retried(topic: message.topic, errorClass: errorClass)
                log.info("parked message failed again", metadata: ["error": "\(error)", "attempts": "\(attempts)"])
                try await parkedMessages.failed(
                    head.id, attempts: attempts, retryIn: configuration.retry.delay(forAttempt: attempts),
                    errorClass: errorClass, error: "\(error)", on: connection)
                return
            }
            let reason = "gave up after \(attempts) attempts: \(error)"
            switch configuration.exhaustedParked {
            case .deadLetter:
                try await deadLetterParked(head, deadLetter(message, errorClass, reason, attempts: attempts), on: connection)
            case .hold:
                log.error("parked message out of attempts; its key waits for `orderflow parked retry` or `drop`", metadata: [
                    "error": "\(error)", "attempts": "\(attempts)", "key": "\(head.key)",
                ])
                try await parkedMessages.failed(head.id, attempts: attempts, retryIn: nil, errorClass: errorClass, error: reason, on: connection)
            }
        }
    }

    /// The letter goes out before the row goes: a crash between them sends it again on the next look,
    /// never loses it.
    private func deadLetterParked(_ head: ParkedMessage, _ letter: DeadLetter, on connection: PostgresConnection) async throws {
        try await deadLetters.publish([letter])
        metrics.deadLettered(topic: head.message.topic, errorClass: letter.errorClass)
        try await parkedMessages.remove(head.id, on: connection)
    }
}
