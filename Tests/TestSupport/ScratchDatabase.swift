import Logging
import Postgres

/// A database of its own for one test on the test server, dropped when the test is done with it.
public struct ScratchDatabase: Sendable {
    public let name: String
    public let configuration: PostgresConfiguration
    public let admin: PostgresConfiguration
    let logger: Logger

    /// Creates an empty database named after `prefix`.
    public static func create(prefix: String, logger: Logger = Logger(label: "test.postgres")) async throws -> ScratchDatabase {
        let admin = try TestServer.configuration()
        let name = uniqueName(prefix)
        try await createDatabaseIfNeeded(name, using: admin, logger: logger)
        return ScratchDatabase(name: name, configuration: admin.with(database: name), admin: admin, logger: logger)
    }

    public func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration, logger: logger)
    }

    /// Runs `body` on a connection of its own, closed afterwards.
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await TestSupport.withConnection(to: configuration, logger: logger, body)
    }

    public func drop() async {
        try? await dropDatabaseIfExists(name, using: admin, logger: logger)
    }

    /// Runs `body` on `database`, dropped afterwards whether `body` throws or not.
    public static func using<T>(_ database: ScratchDatabase, _ body: (ScratchDatabase) async throws -> T) async throws -> T {
        do {
            let value = try await body(database)
            await database.drop()
            return value
        } catch {
            await database.drop()
            throw error
        }
    }
}

/// Runs `body` on a new connection to `configuration`, closed afterwards whether `body` throws or not.
public func withConnection<T>(
    to configuration: PostgresConfiguration, logger: Logger = Logger(label: "test.postgres"),
    _ body: (PostgresConnection) async throws -> T
) async throws -> T {
    try await PostgresConnection.withConnection(to: configuration, logger: logger, body)
}
