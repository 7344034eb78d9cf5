import Logging
import Postgres

/// The relay loop's mutable state: its connection (which also holds the shard locks), the connection
/// that marks rows published, and timers.
struct RelayState: Sendable {
    var ownership: ShardOwnership
    var lastRebalance = ContinuousClock.now - .seconds(3600)
    var lastCleanup = ContinuousClock.now
    private var current: PostgresConnection?
    private var marker: PostgresConnection?

    init(settings: RelaySettings) {
        ownership = ShardOwnership(settings: settings)
    }

    /// At every interval, and at once while this relay owns no shard (it just started, or lost its
    /// connection and with it its locks).
    func needsRebalance(every interval: Duration) -> Bool {
        ContinuousClock.now - lastRebalance >= interval || ownership.owned.isEmpty
    }

    mutating func rebalance(on connection: PostgresConnection, logger: Logger) async throws(PostgresError) {
        try await ownership.rebalance(on: connection, logger: logger)
        lastRebalance = .now
    }

    mutating func connection(_ configuration: PostgresConfiguration, logger: Logger) async throws -> PostgresConnection {
        if let current, !current.isClosed { return current }
        ownership.lost()
        let fresh = try await PostgresConnection.connect(configuration, logger: logger)
        current = fresh
        return fresh
    }

    /// The connection that marks rows published. Its own application name: relays count each other by
    /// the name of their lock-holding connection.
    mutating func markerConnection(_ configuration: PostgresConfiguration, logger: Logger) async throws -> PostgresConnection {
        if let marker, !marker.isClosed { return marker }
        var named = configuration
        named.applicationName += "-marker"
        let fresh = try await PostgresConnection.connect(named, logger: logger)
        marker = fresh
        return fresh
    }

    mutating func dropConnection() async {
        if let current { await current.close() }
        if let marker { await marker.close() }
        current = nil
        marker = nil
        ownership.lost()
    }
}
