import Foundation
import Postgres
import Streaming
import Testing

/// A database of its own for one test, with the runtime's tables and the test handlers' `ledger`.
struct ScratchDatabase: Sendable {
    static let environmentVariable = "ORDERFLOW_TEST_DATABASE_URL"

    let name: String
    let configuration: PostgresConfiguration
    let admin: PostgresConfiguration

    /// Fails the test (never skips it) when the server is not there.
    static func adminConfiguration() throws -> PostgresConfiguration {
        let url = try #require(
            ProcessInfo.processInfo.environment[environmentVariable],
            "\(environmentVariable) is not set: run the tests through scripts/with-postgres.sh")
        return try PostgresConfiguration(url: url)
    }

    /// A new database with the runtime's tables, or without any (`migrated: false`).
    static func create(migrated: Bool = true) async throws -> ScratchDatabase {
        let admin = try adminConfiguration()
        let name = uniqueName("t_streaming")
        try await createDatabaseIfNeeded(name, using: admin, logger: TestLogging.logger("test.postgres"))
        let database = ScratchDatabase(name: name, configuration: admin.with(database: name), admin: admin)
        guard migrated else { return database }
        let connection = try await database.connect()
        do {
            try await RuntimeMigrations.migrate(connection, service: [Ledger.migration])
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return database
    }

    /// Runs `body` on a new database, dropped afterwards whether `body` throws or not.
    static func with(migrated: Bool = true, _ body: (ScratchDatabase) async throws -> Void) async throws {
        let database = try await create(migrated: migrated)
        do {
            try await body(database)
            await database.drop()
        } catch {
            await database.drop()
            throw error
        }
    }

    func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration, logger: TestLogging.logger("test.postgres"))
    }

    /// Runs `body` on a connection of its own, closed afterwards.
    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await connect()
        do {
            let value = try await body(connection)
            await connection.close()
            return value
        } catch {
            await connection.close()
            throw error
        }
    }

    func query(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> [PostgresRow] {
        try await withConnection { try await $0.query(sql, parameters) }
    }

    func execute(_ sql: String, _ parameters: [PostgresValue] = []) async throws {
        try await withConnection { _ = try await $0.execute(sql, parameters) }
    }

    func count(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> Int {
        let rows = try await query(sql, parameters)
        return try rows.first?[0].int() ?? 0
    }

    func drop() async {
        try? await dropDatabaseIfExists(name, using: admin, logger: TestLogging.logger("test.postgres"))
    }
}
