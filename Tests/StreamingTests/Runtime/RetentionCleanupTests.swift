import Foundation
import Postgres
@testable import Streaming
import TestSupport
import Testing

/// Retention cleanup deletes published outbox rows and dedupe records past their retention, and
/// nothing else: not recent ones, and never an unpublished row however old (past its shard's mark, in
/// one of the mark's gaps, or set aside for a retry).
@Suite(.serialized) struct RetentionCleanupTests {
    @Test(.timeLimit(.minutes(1)))
    func cleanupRemovesOnlyOldRows() async throws {
        try await ScratchDatabase.with(Self.check)
    }

    /// Rows get ids in the order they are written here.
    static func outboxRow(_ label: String, createdHoursAgo: Int, publishedHoursAgo: Int? = nil, awaitingRetry: Bool = false) -> String {
        let published = publishedHoursAgo.map { "now() - interval '\($0) hours'" } ?? "NULL"
        return """
            INSERT INTO outbox (shard, topic, message_key, value, event_id, event_type, schema_version, correlation_id,
                                created_at, published_at, retry_at)
            VALUES (0, 'payments', '\\x6b'::bytea, '\\x7b7d'::bytea, gen_random_uuid(), 'payment.refunded', 1, '\(label)',
                    now() - interval '\(createdHoursAgo) hours', \(published), \(awaitingRetry ? "now()" : "NULL"));
            """
    }

    static func processedRow(_ group: String, hoursAgo: Int) -> String {
        """
        INSERT INTO processed_events (consumer_group, event_id, event_type, processed_at)
        VALUES ('\(group)', gen_random_uuid(), 'order.placed', now() - interval '\(hoursAgo) hours');
        """
    }

    static func check(_ database: ScratchDatabase) async throws {
        try await database.withConnection { connection in
            try await connection.executeScript(
                outboxRow("published-long-ago", createdHoursAgo: 50, publishedHoursAgo: 49)
                    + outboxRow("published-recently", createdHoursAgo: 2, publishedHoursAgo: 1)
                    + outboxRow("marked-long-ago", createdHoursAgo: 50)
                    + outboxRow("in-a-gap", createdHoursAgo: 72)
                    + outboxRow("awaiting-retry", createdHoursAgo: 72, awaitingRetry: true)
                    + outboxRow("marked-recently", createdHoursAgo: 2)
                    + outboxRow("past-the-mark", createdHoursAgo: 72)
                    + processedRow("old", hoursAgo: 8 * 24)
                    + processedRow("recent", hoursAgo: 24))
            // Shard 0 is delivered through the sixth row, apart from the fourth (not visible when passed).
            _ = try await connection.execute("""
                INSERT INTO outbox_marks (shard, through_id, gap_starts, gap_ends)
                SELECT 0, id6, ARRAY[id4], ARRAY[id4] FROM
                  (SELECT (SELECT id FROM outbox WHERE correlation_id = 'marked-recently') AS id6,
                          (SELECT id FROM outbox WHERE correlation_id = 'in-a-gap') AS id4) AS ids
                """)
        }
        var settings = RelaySettings()
        settings.outboxRetention = .seconds(24 * 3600)
        settings.processedEventsRetention = .seconds(7 * 24 * 3600)
        let metrics = StreamingMetrics(service: "outbox-relay")

        try await database.withConnection { connection in
            try await OutboxMaintenance(settings: settings)
                .run(on: connection, metrics: metrics, logger: TestLogging.logger("test.maintenance"))
        }

        let outbox = try await database.query("SELECT correlation_id FROM outbox ORDER BY correlation_id")
            .map { try $0["correlation_id"].string() }
        #expect(outbox == ["awaiting-retry", "in-a-gap", "marked-recently", "past-the-mark", "published-recently"])
        let processed = try await database.query("SELECT consumer_group FROM processed_events")
            .map { try $0["consumer_group"].string() }
        #expect(processed == ["recent"])
        #expect(metrics.total(MetricNames.outboxBacklog) == 3)
    }
}
