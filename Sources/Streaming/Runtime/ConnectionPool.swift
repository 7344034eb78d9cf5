import Logging
import Postgres

/// A few database connections shared by concurrent HTTP requests. A connection runs one transaction
/// at a time, so each request leases its own; lost connections are dropped, not returned.
public actor ConnectionPool {
    private let configuration: PostgresConfiguration
    private let logger: Logger
    private let maxConnections: Int
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(configuration: PostgresConfiguration, maxConnections: Int = 4, logger: Logger) {
        self.configuration = configuration
        self.maxConnections = maxConnections
        self.logger = logger
    }

    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await lease()
        do {
            let result = try await body(connection)
            release(connection)
            return result
        } catch {
            release(connection)
            throw error
        }
    }

    private func lease() async throws -> PostgresConnection {
        while true {
            while let connection = idle.popLast() {
                if !connection.isClosed { return connection }
                open -= 1
            }
            if open < maxConnections {
                open += 1
                do {
                    return try await PostgresConnection.connect(configuration, logger: logger)
                } catch {
                    open -= 1
                    wakeOne()
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    private func release(_ connection: PostgresConnection) {
        if connection.isClosed {
            open -= 1
        } else {
            idle.append(connection)
        }
        wakeOne()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    public func close() async {
        for connection in idle { await connection.close() }
        open -= idle.count
        idle = []
    }
}
