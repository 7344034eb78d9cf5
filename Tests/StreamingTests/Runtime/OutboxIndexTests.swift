import Foundation
import Postgres
@testable import Streaming
import TestSupport
import Testing

/// The outbox keeps only partial indexes, of which a new row enters one (unpublished ids): every
/// handler's insert pays for each index on the table, so each statement that finds rows must be served
/// by the ones there are.
@Suite(.serialized) struct OutboxIndexTests {
    @Test(.timeLimit(.minutes(1)))
    func insertsMaintainOnlyThePartialIndexOnID() async throws {
        try await ScratchDatabase.with { database in
            let full = try await database.count(
                "SELECT count(*) FROM pg_index WHERE indrelid = 'outbox'::regclass AND indpred IS NULL")
            #expect(full == 0, "an index every outbox insert pays for")
            let options = try await database.query(
                "SELECT array_to_string(reloptions, ',') AS options FROM pg_class WHERE relname = 'outbox_unpublished_id'")
            #expect(try options.first?["options"].string() == "deduplicate_items=off")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func relayStatementsUseIndexes() async throws {
        try await ScratchDatabase.with { database in
            try await database.withConnection { connection in
                try await Self.fill(connection)
                // Small tables make a sequential scan the cheapest plan; switched off, it is still chosen
                // when no index can serve the statement, which is what this looks for.
                _ = try await connection.execute("SET enable_seqscan = off")
                let read = try await Self.plan(
                    OutboxRead.sql, [.int64Array([3, 9]), .int64Array([5, 12]), .int64(20), .int(100)], on: connection)
                #expect(read.components(separatedBy: "Index Scan using outbox_unpublished_id").count == 3, "\(read)")
                let retry = try await Self.plan(
                    OutboxRow.awaitingRetrySQL, [.int32Array([0, 1, 2]), .int64(OutboxRow.beforeFirstID), .int(100)],
                    on: connection)
                #expect(retry.contains("Index Scan using outbox_retry"), "\(retry)")
                let mark = try await Self.plan(
                    DeliveryMarks.markSQL,
                    [.int64(20), .int64Array([]), .int64Array([]), .int64(0), .int64Array([1, 2, 3]), .int32Array([0, 1])],
                    on: connection)
                #expect(mark.contains("Index Scan using outbox_unpublished_id"), "\(mark)")
                let cleanup = try await Self.plan(
                    OutboxMaintenance(settings: RelaySettings()).outboxCleanupSQL, [.double(3600), .int64(30)], on: connection)
                #expect(!Self.scansOutboxSequentially(cleanup), "\(cleanup)")
                #expect(cleanup.contains("Tid Scan"), "\(cleanup)")
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func upgradeToMarksSetsUnpublishedRowsAsideAndKeepsPublishedOnes() async throws {
        try await ScratchDatabase.with(migrated: false) { database in
            try await database.withConnection { connection in
                let before = RuntimeMigrations.all.filter { $0.version < 8 }
                try await Migrator(migrations: before, table: RuntimeMigrations.table, lockKey: RuntimeMigrations.lockKey)
                    .migrate(connection)
                try await Self.fill(connection)
                try await RuntimeMigrations.migrate(connection, service: [])
            }
            #expect(try await database.count("SELECT count(*) FROM outbox WHERE retry_at IS NOT NULL") == 30)
            #expect(try await database.count("SELECT count(*) FROM outbox_unpublished") == 30)
            #expect(try await database.count("SELECT through_id FROM outbox_marks WHERE shard = -1") == 40)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func idsAreDrawnAfterTheTransactionsXid() async throws {
        try await ScratchDatabase.with { database in
            try await database.withConnection { connection in
                let rows = try await connection.query("SELECT pg_get_expr(adbin, adrelid) AS expression FROM pg_attrdef WHERE adrelid = 'outbox'::regclass AND adnum = 1")
                let expression = try #require(rows.first)["expression"].string()
                    .split(whereSeparator: \.isWhitespace).joined(separator: " ")
                #expect(expression.hasPrefix("CASE WHEN (pg_current_xact_id() IS NOT NULL) THEN nextval("), "\(expression)")
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func upgradeDropsThePrimaryKeyAndKeepsRows() async throws {
        try await ScratchDatabase.with(migrated: false) { database in
            try await database.withConnection { connection in
                let before = RuntimeMigrations.all.filter { $0.version < 5 }
                try await Migrator(migrations: before, table: RuntimeMigrations.table, lockKey: RuntimeMigrations.lockKey)
                    .migrate(connection)
                try await Self.fill(connection)
                #expect(try await Self.primaryKeys(connection) == 1)
                try await RuntimeMigrations.migrate(connection, service: [])
                #expect(try await Self.primaryKeys(connection) == 0)
            }
            #expect(try await database.count("SELECT count(*) FROM outbox") == 40)
        }
    }

    /// Forty rows over four shards, the first ten published two days ago.
    static func fill(_ connection: PostgresConnection) async throws {
        _ = try await connection.execute("""
            INSERT INTO outbox (shard, topic, message_key, value, event_id, event_type, schema_version, correlation_id, published_at)
            SELECT g % 4, 'payments', '\\x6b'::bytea, '\\x7b7d'::bytea, gen_random_uuid(), 'payment.refunded', 1, 'c',
                   CASE WHEN g <= 10 THEN now() - interval '2 days' END
            FROM generate_series(1, 40) AS g
            """)
    }

    static func plan(_ sql: String, _ parameters: [PostgresValue], on connection: PostgresConnection) async throws -> String {
        try await connection.query("EXPLAIN " + sql, parameters).map { try $0["QUERY PLAN"].string() }.joined(separator: "\n")
    }

    /// A sequential scan of the outbox itself; the marks table is small and read whole.
    static func scansOutboxSequentially(_ plan: String) -> Bool {
        plan.split(separator: "\n").contains { $0.contains("Seq Scan on outbox ") }
    }

    static func primaryKeys(_ connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            "SELECT count(*) AS n FROM pg_constraint WHERE conrelid = 'outbox'::regclass AND contype = 'p'"
        ).first?["n"].int() ?? -1
    }
}
