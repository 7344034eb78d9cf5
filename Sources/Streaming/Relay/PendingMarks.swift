import Postgres

/// UPDATEs marking delivered rows published, run on a connection of their own so that marking one
/// batch overlaps reading the next: the relay's SQL is its bottleneck once sends overlap, and the
/// two statements touch disjoint rows (marked ids are below the read cursor).
struct PendingMarks {
    private var tasks: [Task<Void, any Error>] = []

    var count: Int { tasks.count }

    /// The rows are unpublished until this runs: the predicate lets the partial index of unpublished
    /// ids find them (the outbox has no other index on id), and leaves alone a row another replica
    /// marked meanwhile.
    static let markSQL = "UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[]) AND published_at IS NULL"

    mutating func start(
        _ delivered: DeliveredRows, sentAt: ContinuousClock.Instant, on connection: PostgresConnection, metrics: StreamingMetrics
    ) {
        tasks.append(Task {
            try await connection.execute(Self.markSQL, [.int64Array(delivered.ids)])
            metrics.relayPublished(count: delivered.ids.count, latency: .now - sentAt)
            metrics.eventsPublished(delivered.countsByType)
        })
    }

    /// Waits for the oldest mark; its failure is thrown (the rows stay unpublished and are sent again).
    mutating func awaitOldest() async throws {
        guard !tasks.isEmpty else { return }
        try await tasks.removeFirst().value
    }

    /// Waits for every mark, even after one failed, then throws the first failure.
    mutating func awaitAll() async throws {
        var firstFailure: (any Error)?
        while !tasks.isEmpty {
            do {
                try await tasks.removeFirst().value
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        if let firstFailure { throw firstFailure }
    }
}
