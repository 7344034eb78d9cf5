import Logging

extension PostgresConnection {
    /// Runs `body` on a connection of its own, closed whatever `body` comes to: for a tool's one-off
    /// reads, where a pool would outlive its use.
    public static func withConnection<T>(
        to configuration: PostgresConfiguration, logger: Logger = Logger(label: "orderflow.postgres"),
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await connect(configuration, logger: logger)
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
