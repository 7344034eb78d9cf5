import Kafka
import Postgres

/// Parking inside the batch transaction: a message that failed retryably is set aside in the service's
/// database with its attempts, and every later message of its key queues behind it, so its offset (and
/// everything after it on the partition) can be committed while the key waits for the worker.
extension ConsumeLoop {
    var parkedMessages: ParkedMessageStore { ParkedMessageStore(consumerGroup: configuration.groupID) }

    /// The batch's keys that already have parked messages; none asked for while the hint says the
    /// group has none.
    func parkedKeys(of batch: [KafkaMessage], in transaction: PostgresTransaction) async throws -> Set<[UInt8]> {
        guard parking.isSet else { return [] }
        return try await parkedMessages.parkedKeys(among: Set(batch.compactMap(\.key)), in: transaction)
    }

    func park(
        _ message: KafkaMessage, errorClass: String, reason: String, attempts: Int, in transaction: PostgresTransaction
    ) async throws -> MessageOutcome {
        try await parkedMessages.park(
            message, attempts: attempts, retryIn: configuration.retry.delay(forAttempt: attempts), errorClass: errorClass,
            error: reason, in: transaction)
        logger.info("parked message after a retryable failure", metadata: [
            "topic": "\(message.topic)", "partition": "\(message.partition)", "offset": "\(message.offset)",
            "error_class": "\(errorClass)", "attempts": "\(attempts)",
        ])
        return .parked(errorClass: errorClass, attempts: attempts)
    }

    func parkBehind(_ message: KafkaMessage, in transaction: PostgresTransaction) async throws -> MessageOutcome {
        try await parkedMessages.park(message, attempts: 0, retryIn: .zero, errorClass: nil, error: nil, in: transaction)
        return .parked(errorClass: nil, attempts: 0)
    }

    /// A lone message whose own transaction failed retryably (see `isolate`): parked in a transaction of
    /// its own; if even that fails, the partition is rewound to it as before parking existed.
    func parkAlone(_ message: KafkaMessage, _ outcome: MessageOutcome) async -> MessageOutcome {
        guard case .retry(let errorClass, let reason, let attempts) = outcome else { return outcome }
        do {
            let connection = try await database.connection()
            let parked = try await connection.transaction { transaction in
                try await park(message, errorClass: errorClass, reason: reason, attempts: attempts, in: transaction)
            }
            parking.parked()
            return parked
        } catch {
            logger.warning("could not park message; retrying it in place", metadata: ["error": "\(error)"])
            return outcome
        }
    }
}
