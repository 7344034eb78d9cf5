import Postgres

/// What a batch was: rows read past the cursor (settling it moves the owned shards' marks to the
/// position after its read) or rows sent again from the retry path.
enum BatchKind: Sendable {
    case read(RelayPosition.Mark)
    case retry
}

/// Records what settled batches delivered: one statement per batch, in settling order, each started
/// once the one before has finished, so a mark never goes back. They run on the connection that holds
/// the shard locks: a mark in flight when that connection dies ends with it, before another relay can
/// lock the shard and read its mark. The statements overlap the next read's send.
struct DeliveryMarks {
    private var inFlight: Task<Void, any Error>?
    private var lastMark: RelayPosition.Mark?

    /// Moves the marks of `shards` and sets the batch's undelivered rows aside for the retry path, in
    /// one statement, so a mark never passes a row that is neither delivered nor waiting for a retry.
    static let markSQL = """
        WITH set_aside AS (
            UPDATE outbox SET retry_at = now() WHERE id = ANY($5::bigint[]) AND retry_at IS NULL AND published_at IS NULL
        )
        UPDATE outbox_marks SET through_id = GREATEST(through_id, $1), gap_starts = $2, gap_ends = $3,
               gaps_horizon = $4, marked_at = now()
        WHERE shard = ANY($6::int[])
        """

    /// Retried rows delivered: they count as published once their shard's mark is past them, which it
    /// was when they were set aside.
    static let retriedSQL = "UPDATE outbox SET retry_at = NULL WHERE id = ANY($1::bigint[])"

    mutating func start(
        _ kind: BatchKind, _ delivered: DeliveredRows, shards: Set<Int>, sentAt: ContinuousClock.Instant,
        on connection: PostgresConnection, metrics: StreamingMetrics
    ) async throws {
        let statement: (sql: String, parameters: [PostgresValue])
        switch kind {
        case .read(let mark):
            if mark == lastMark && delivered.isEmpty && delivered.failedIDs.isEmpty { return }
            lastMark = mark
            let bounds = mark.gaps.bounds(through: .max)
            statement = (Self.markSQL, [
                .int64(mark.through), .int64Array(bounds.lower), .int64Array(bounds.upper), .int64(mark.gaps.horizon),
                .int64Array(delivered.failedIDs), OutboxShard.parameter(shards),
            ])
        case .retry:
            guard !delivered.isEmpty else { return }
            statement = (Self.retriedSQL, [.int64Array(delivered.ids)])
        }
        try await awaitAll()
        inFlight = Task {
            try await connection.execute(statement.sql, statement.parameters)
            guard !delivered.isEmpty else { return }
            metrics.relayPublished(count: delivered.ids.count, latency: .now - sentAt)
            metrics.eventsPublished(delivered.countsByType)
        }
    }

    /// Waits for the mark under way; its failure is thrown (its rows count as unpublished and are sent
    /// again after the relay reconnects and reads the stored marks).
    mutating func awaitAll() async throws {
        guard let task = inFlight else { return }
        inFlight = nil
        try await task.value
    }
}
