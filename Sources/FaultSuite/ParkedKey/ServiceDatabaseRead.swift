import Postgres

/// One read of a service database on a connection of its own, closed whatever the read came to.
enum ServiceDatabaseRead {
    static func run<T>(_ configuration: PostgresConfiguration, _ body: (PostgresConnection) async throws -> T) async throws -> T {
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
