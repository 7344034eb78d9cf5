import Logging
import Postgres

/// The relay loop's mutable state: its connection (which also holds the shard locks) and timers.
struct RelayState: Sendable {
    var ownership: ShardOwnership
    var lastRebalance = ContinuousClock.now - .seconds(3600)
    var lastCleanup = ContinuousClock.now
    private var current: PostgresConnection?

    init(configuration: OutboxRelayConfiguration) {
        ownership = ShardOwnership(configuration: configuration)
    }

    mutating func connection(_ configuration: PostgresConfiguration, logger: Logger) async throws -> PostgresConnection {
        if let current, !current.isClosed { return current }
        ownership.lost()
        let fresh = try await PostgresConnection.connect(configuration, logger: logger)
        current = fresh
        return fresh
    }

    mutating func dropConnection() async {
        if let current { await current.close() }
        current = nil
        ownership.lost()
    }
}
