import Postgres
import Testing

/// Migrations apply exactly once per database, in order, atomically.
@Suite struct MigratorTests {
    static let migrations = [
        Migration(version: 2, name: "add email", sql: "ALTER TABLE customer ADD COLUMN email text; INSERT INTO log VALUES ('2')"),
        Migration(version: 1, name: "create tables", sql: """
            CREATE TABLE customer (id bigint PRIMARY KEY);
            CREATE TABLE log (entry text);
            INSERT INTO log VALUES ('1');
            """),
        Migration(version: 3, name: "index", sql: "CREATE INDEX customer_email ON customer (email); INSERT INTO log VALUES ('3')"),
    ]

    private func recordedVersions(_ connection: PostgresConnection) async throws -> [Int] {
        try await connection.query("SELECT version FROM schema_migrations ORDER BY version").map { try $0["version"].int() }
    }

    @Test func concurrentStartersApplyEachMigrationOnce() async throws {
        try await TestDatabase.withScratchSchema("migrate_race") { configuration async throws in
            let first = try await PostgresConnection.connect(configuration)
            let second = try await PostgresConnection.connect(configuration)
            let migrator = Migrator(migrations: Self.migrations)
            async let appliedByFirst = migrator.migrate(first)
            async let appliedBySecond = migrator.migrate(second)
            let applied = try await [appliedByFirst, appliedBySecond]

            #expect(applied.flatMap { $0 }.sorted() == [1, 2, 3])
            #expect(applied.contains([1, 2, 3]) && applied.contains([]))
            #expect(try await recordedVersions(first) == [1, 2, 3])
            let log = try await first.query("SELECT entry FROM log ORDER BY entry").map { try $0["entry"].string() }
            #expect(log == ["1", "2", "3"])
            await first.close()
            await second.close()
        }
    }

    @Test func rerunIsANoOp() async throws {
        try await TestDatabase.withConnection("migrate_rerun") { connection async throws in
            let migrator = Migrator(migrations: Self.migrations)
            #expect(try await migrator.migrate(connection) == [1, 2, 3])
            #expect(try await migrator.migrate(connection) == [])
            #expect(try await recordedVersions(connection) == [1, 2, 3])
            let added = Migrator(migrations: Self.migrations + [Migration(version: 4, name: "more", sql: "INSERT INTO log VALUES ('4')")])
            #expect(try await added.migrate(connection) == [4])
        }
    }

    @Test func failingMigrationLeavesNothingHalfApplied() async throws {
        try await TestDatabase.withConnection("migrate_fail") { connection async throws in
            let broken = Self.migrations + [
                Migration(version: 4, name: "broken", sql: "CREATE TABLE half (id int); INSERT INTO log VALUES ('4'); SELECT * FROM missing_table")
            ]
            let error = await capturePostgresError { try await Migrator(migrations: broken).migrate(connection) }
            #expect(error?.sqlState == "42P01")
            #expect(error?.message.contains("migration 4 (broken)") == true)
            #expect(try await recordedVersions(connection) == [1, 2, 3])
            let half = try await connection.query("SELECT to_regclass('half') IS NULL AS missing")
            #expect(try half.first?["missing"].bool() == true)
            let log = try await connection.query("SELECT count(*) AS n FROM log WHERE entry = '4'")
            #expect(try log.first?["n"].int() == 0)
            // The advisory lock was released: another run can proceed.
            #expect(try await Migrator(migrations: Self.migrations).migrate(connection) == [])
        }
    }

    @Test func duplicateVersionsAreRejectedBeforeAnythingRuns() async throws {
        try await TestDatabase.withConnection("migrate_dup") { connection async throws in
            let duplicated = [
                Migration(version: 1, name: "a", sql: "CREATE TABLE a (id int)"),
                Migration(version: 1, name: "b", sql: "CREATE TABLE b (id int)"),
            ]
            let error = await capturePostgresError { try await Migrator(migrations: duplicated).migrate(connection) }
            #expect(error?.message.contains("duplicate migration version 1") == true)
            let table = try await connection.query("SELECT to_regclass('a') IS NULL AS missing")
            #expect(try table.first?["missing"].bool() == true)
        }
    }

    @Test func invalidTableNameIsRejected() async throws {
        try await TestDatabase.withConnection("migrate_name") { connection async throws in
            let error = await capturePostgresError {
                try await Migrator(migrations: [], table: "bad\"; DROP TABLE x; --").migrate(connection)
            }
            #expect(error?.message.contains("invalid migrations table name") == true)
        }
    }
}
