import Logging
import Postgres

/// Deletes published outbox rows and old dedupe records past their retention, in chunks so no
/// single statement holds locks for long, and refreshes the backlog gauges.
struct OutboxMaintenance: Sendable {
    let settings: RelaySettings
    private let chunk = 10_000

    /// Published rows created before the cutoff, oldest first: rows up to `bound` (the lowest shard mark,
    /// and below the first row young enough to keep) that `outbox_unpublished` does not list. By row
    /// address, as the index of ids serves the scan.
    var outboxCleanupSQL: String {
        """
        DELETE FROM outbox WHERE ctid IN (
            SELECT ctid FROM outbox
            WHERE published_at IS NULL AND id <= $2 AND created_at < now() - make_interval(secs => $1)
              AND id NOT IN (SELECT id FROM outbox_unpublished WHERE id <= $2)
            ORDER BY id LIMIT \(chunk))
        """
    }

    var boundSQL: String {
        """
        SELECT least(t.through, coalesce(
                   (SELECT id - 1 FROM outbox WHERE published_at IS NULL AND created_at >= now() - make_interval(secs => $1)
                    ORDER BY id LIMIT 1), t.through)) AS bound
        FROM (\(OutboxMarks.lowestThroughSQL)) AS t
        """
    }

    /// Rows published before delivery marks existed carry their time of publishing.
    var markedRowsCleanupSQL: String {
        "DELETE FROM outbox WHERE ctid IN (SELECT ctid FROM outbox WHERE published_at < now() - make_interval(secs => $1) LIMIT \(chunk))"
    }

    func run(on connection: PostgresConnection, metrics: StreamingMetrics, logger: Logger) async throws {
        let outboxSeconds = PostgresValue.double(Double(settings.outboxRetention.components.seconds))
        var removed = 0
        if let bound = try await connection.query(boundSQL, [outboxSeconds]).first?["bound"].optional({ try $0.int64() }) {
            removed += try await deleteInChunks(outboxCleanupSQL, [outboxSeconds, .int64(bound)], on: connection)
        }
        removed += try await deleteInChunks(markedRowsCleanupSQL, [outboxSeconds], on: connection)
        let forgotten = try await deleteInChunks(
            "DELETE FROM processed_events WHERE ctid IN (SELECT ctid FROM processed_events WHERE processed_at < now() - make_interval(secs => $1) LIMIT \(chunk))",
            [.double(Double(settings.processedEventsRetention.components.seconds))], on: connection)
        if removed + forgotten > 0 {
            logger.info("retention cleanup", metadata: ["outbox_rows": "\(removed)", "processed_events": "\(forgotten)"])
        }
        try await OutboxBacklog.refresh(on: connection, metrics: metrics)
    }

    private func deleteInChunks(_ sql: String, _ parameters: [PostgresValue], on connection: PostgresConnection) async throws -> Int {
        var removed = 0
        while true {
            let count = try await connection.execute(sql, parameters)
            removed += count
            if count < chunk { return removed }
        }
    }
}

public enum OutboxBacklog {
    /// Unpublished rows and the age of the oldest, for /metrics.
    public static func refresh(on connection: PostgresConnection, metrics: StreamingMetrics) async throws {
        let rows = try await connection.query(
            "SELECT count(*) AS backlog, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS oldest FROM outbox_unpublished")
        guard let row = rows.first else { return }
        let backlog = try row["backlog"].int()
        let oldest = row["oldest"].isNull ? nil : Duration.milliseconds(Int64(try row["oldest"].double() * 1000))
        metrics.setOutboxBacklog(rows: backlog, oldestAge: oldest)
    }
}
