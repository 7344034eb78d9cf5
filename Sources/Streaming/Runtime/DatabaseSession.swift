import Logging
import Postgres

/// One database connection that is reopened after it is lost, so a Postgres restart costs a retry
/// rather than the process.
public actor DatabaseSession {
    public nonisolated let configuration: PostgresConfiguration
    private let logger: Logger
    private var current: PostgresConnection?

    public init(configuration: PostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public func connection() async throws(PostgresError) -> PostgresConnection {
        if let current, !current.isClosed { return current }
        let fresh = try await PostgresConnection.connect(configuration, logger: logger)
        if current != nil { logger.info("database connection re-established") }
        current = fresh
        return fresh
    }

    /// Drops the connection after an error that may have left it unusable.
    public func reset() async {
        if let current { await current.close() }
        current = nil
    }

    public func close() async { await reset() }
}
