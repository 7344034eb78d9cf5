import Logging
import Postgres

/// The relay loop's mutable state: its connection (which also holds the shard locks), its position in
/// the outbox, and timers.
struct RelayState: Sendable {
    var ownership: ShardOwnership
    /// Meaningful while the connection holds its locks; taken from the stored marks again after that.
    var position = RelayPosition()
    var lastRebalance = ContinuousClock.now - .seconds(3600)
    var lastCleanup = ContinuousClock.now
    private var current: PostgresConnection?

    init(settings: RelaySettings) {
        ownership = ShardOwnership(settings: settings)
    }

    /// At every interval, and at once while this relay owns no shard (it just started, or lost its
    /// connection and with it its locks).
    func needsRebalance(every interval: Duration) -> Bool {
        ContinuousClock.now - lastRebalance >= interval || ownership.owned.isEmpty
    }

    /// Releases and locks shards, then reads the marks of those it locked: the position goes back to the
    /// lowest of them.
    mutating func rebalance(on connection: PostgresConnection, logger: Logger) async throws {
        let before = ownership.owned
        try await ownership.rebalance(on: connection, logger: logger)
        for shard in before.subtracting(ownership.owned) { position.release(shard) }
        let locked = ownership.owned.subtracting(before)
        if !locked.isEmpty {
            let marks = try await ShardMarkStore.load(locked, shardCount: ownership.settings.shards, on: connection)
            for shard in locked where !marks.contains(where: { $0.shard == shard }) {
                throw RelayError.markMissing(shard: shard)
            }
            for mark in marks { position.adopt(mark) }
        }
        lastRebalance = .now
    }

    mutating func connection(_ configuration: PostgresConfiguration, logger: Logger) async throws -> PostgresConnection {
        if let current, !current.isClosed { return current }
        lost()
        let fresh = try await PostgresConnection.connect(configuration, logger: logger)
        current = fresh
        return fresh
    }

    mutating func dropConnection() async {
        if let current { await current.close() }
        current = nil
        lost()
    }

    /// The locks went with the connection; so does the position, which the stored marks replace.
    private mutating func lost() {
        ownership.lost()
        position = RelayPosition()
    }
}
