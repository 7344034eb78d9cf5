import Logging
import Postgres

/// Deletes published outbox rows and old dedupe records past their retention, in chunks so no
/// single statement holds locks for long, and refreshes the backlog gauges.
struct OutboxMaintenance: Sendable {
    let settings: RelaySettings
    private let chunk = 10_000

    /// By row address: the outbox has no index on id for published rows.
    var outboxCleanupSQL: String {
        "DELETE FROM outbox WHERE ctid IN (SELECT ctid FROM outbox WHERE published_at < now() - make_interval(secs => $1) LIMIT \(chunk))"
    }

    func run(on connection: PostgresConnection, metrics: StreamingMetrics, logger: Logger) async throws {
        let outboxSeconds = Double(settings.outboxRetention.components.seconds)
        let processedSeconds = Double(settings.processedEventsRetention.components.seconds)
        var removed = 0
        while true {
            let count = try await connection.execute(outboxCleanupSQL, [.double(outboxSeconds)])
            removed += count
            if count < chunk { break }
        }
        var forgotten = 0
        while true {
            let count = try await connection.execute(
                "DELETE FROM processed_events WHERE ctid IN (SELECT ctid FROM processed_events WHERE processed_at < now() - make_interval(secs => $1) LIMIT \(chunk))",
                [.double(processedSeconds)])
            forgotten += count
            if count < chunk { break }
        }
        if removed + forgotten > 0 {
            logger.info("retention cleanup", metadata: ["outbox_rows": "\(removed)", "processed_events": "\(forgotten)"])
        }
        try await OutboxBacklog.refresh(on: connection, metrics: metrics)
    }
}

public enum OutboxBacklog {
    /// Unpublished rows and the age of the oldest, for /metrics.
    public static func refresh(on connection: PostgresConnection, metrics: StreamingMetrics) async throws {
        let rows = try await connection.query(
            "SELECT count(*) AS backlog, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS oldest FROM outbox WHERE published_at IS NULL")
        guard let row = rows.first else { return }
        let backlog = try row["backlog"].int()
        let oldest = row["oldest"].isNull ? nil : Duration.milliseconds(Int64(try row["oldest"].double() * 1000))
        metrics.setOutboxBacklog(rows: backlog, oldestAge: oldest)
    }
}
