import Foundation
import Postgres
import Synchronization
import TestSupport
import Testing

/// Access to the throwaway server `scripts/with-postgres.sh` starts. The test process creates one scratch
/// database and gives every test its own schema in it (through `search_path`), so tests never see each
/// other's tables and no test pays for a CREATE DATABASE of its own.
enum TestDatabase {
    /// The admin configuration (superuser, `postgres` database). Fails the test when the server is missing.
    static func adminConfiguration() throws -> PostgresConfiguration {
        try TestServer.configuration()
    }

    private static let sharedDatabase = Mutex<Task<PostgresConfiguration, any Error>?>(nil)

    /// The scratch database of this test process, created on first use.
    static func scratchDatabase() async throws -> PostgresConfiguration {
        let admin = try adminConfiguration()
        let creation = sharedDatabase.withLock { task in
            if let task { return task }
            let created = Task {
                let name = uniqueName("t_postgres")
                try await createDatabaseIfNeeded(name, using: admin)
                return admin.with(database: name)
            }
            task = created
            return created
        }
        return try await creation.value
    }

    /// A fresh schema for `body` (first on the search path of every connection made from the configuration
    /// it gets), dropped afterwards.
    static func withScratchSchema<T>(
        _ label: String, _ body: (PostgresConfiguration) async throws -> T
    ) async throws -> T {
        var configuration = try await scratchDatabase()
        let schema = uniqueName(label)
        let admin = try await PostgresConnection.connect(configuration)
        try await admin.executeScript("CREATE SCHEMA \(schema)")
        configuration.options["options"] = "-c search_path=\(schema)"
        do {
            let value = try await body(configuration)
            try await admin.executeScript("DROP SCHEMA \(schema) CASCADE")
            await admin.close()
            return value
        } catch {
            try? await admin.executeScript("DROP SCHEMA \(schema) CASCADE")
            await admin.close()
            throw error
        }
    }

    /// A connection whose tables land in a fresh schema, closed and dropped afterwards.
    static func withConnection<T>(_ label: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withScratchSchema(label) { configuration in
            try await TestSupport.withConnection(to: configuration, body)
        }
    }
}

/// Runs `body` and returns the PostgresError it threw; records an issue when it threw nothing or another type.
func capturePostgresError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> PostgresError? {
    do {
        try await body()
        Issue.record("expected a PostgresError, but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as PostgresError {
        return error
    } catch {
        Issue.record("expected a PostgresError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
