import Logging
import Postgres

enum Startup {
    /// Waits for the database for a while: in a fresh stack the service may start before Postgres
    /// accepts connections. Authentication and missing-database errors fail at once.
    static func connect(_ configuration: PostgresConfiguration, logger: Logger, patience: Duration = .seconds(60))
        async throws -> PostgresConnection
    {
        let deadline = ContinuousClock.now + patience
        var attempt = 0
        while true {
            let failure: PostgresError
            do {
                return try await PostgresConnection.connect(configuration, logger: logger)
            } catch {
                failure = error
            }
            guard failure.isRetryable, ContinuousClock.now < deadline else { throw failure }
            attempt += 1
            if attempt == 1 {
                logger.info("waiting for the database", metadata: ["url": "\(configuration.redactedURL)", "error": "\(failure)"])
            }
            try await Task.sleep(for: .milliseconds(min(200 * attempt, 2_000)))
        }
    }
}
