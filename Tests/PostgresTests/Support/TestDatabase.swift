import Foundation
import Postgres
import Testing

/// Access to the throwaway server `scripts/with-postgres.sh` starts, with one scratch database per use.
enum TestDatabase {
    static let environmentVariable = "ORDERFLOW_TEST_DATABASE_URL"

    /// The admin configuration (superuser, `postgres` database). Fails the test when the variable is missing.
    static func adminConfiguration() throws -> PostgresConfiguration {
        let url = try #require(
            ProcessInfo.processInfo.environment[environmentVariable],
            "\(environmentVariable) is not set: run the tests through scripts/with-postgres.sh")
        return try PostgresConfiguration(url: url)
    }

    /// A fresh, uniquely named database for `body`, dropped afterwards.
    static func withScratchDatabase<T>(
        _ label: String, _ body: (PostgresConfiguration) async throws -> T
    ) async throws -> T {
        let admin = try adminConfiguration()
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let name = "t_\(label)_\(suffix)"
        try await createDatabaseIfNeeded(name, using: admin)
        do {
            let value = try await body(admin.with(database: name))
            try await dropDatabaseIfExists(name, using: admin)
            return value
        } catch {
            try? await dropDatabaseIfExists(name, using: admin)
            throw error
        }
    }

    /// A connection to a fresh scratch database, closed and dropped afterwards.
    static func withConnection<T>(_ label: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withScratchDatabase(label) { configuration in
            let connection = try await PostgresConnection.connect(configuration)
            do {
                let value = try await body(connection)
                await connection.close()
                return value
            } catch {
                await connection.close()
                throw error
            }
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
