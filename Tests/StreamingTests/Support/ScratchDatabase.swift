import Foundation
import Postgres
import Streaming
import TestSupport

/// The shared scratch database, here with the runtime's tables and the test handlers' `ledger`.
extension ScratchDatabase {
    /// A new database with the runtime's tables, or without any (`migrated: false`).
    static func create(migrated: Bool = true) async throws -> ScratchDatabase {
        let database = try await create(prefix: "t_streaming", logger: TestLogging.logger("test.postgres"))
        guard migrated else { return database }
        do {
            try await database.withConnection { try await RuntimeMigrations.migrate($0, service: [Ledger.migration]) }
        } catch {
            await database.drop()
            throw error
        }
        return database
    }

    /// Runs `body` on a new database, dropped afterwards whether `body` throws or not.
    static func with(migrated: Bool = true, _ body: (ScratchDatabase) async throws -> Void) async throws {
        try await using(try await create(migrated: migrated), body)
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

}
