import Logging
import Postgres

/// The shards this relay instance owns, held as session advisory locks on its connection. Instances
/// converge on a fair share: each aims for ceil(shards / live instances), gives back extras and picks
/// up free shards, so a dead instance's shards (its locks vanish with its connection) are taken over
/// at the next rebalance.
struct ShardOwnership: Sendable {
    let settings: RelaySettings
    private(set) var owned: Set<Int> = []

    init(settings: RelaySettings) { self.settings = settings }

    mutating func rebalance(on connection: PostgresConnection, logger: Logger) async throws(PostgresError) {
        let rows = try await connection.query(
            "SELECT count(*) AS live FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1",
            [.text(settings.applicationName)])
        let live = max(1, try rows.first?["live"].int() ?? 1)
        let target = (settings.shards + live - 1) / live
        let before = owned
        if owned.count > target {
            for shard in owned.sorted().dropFirst(target) {
                _ = try await connection.query(
                    "SELECT pg_advisory_unlock($1, $2)", [.int32(settings.lockNamespace), .int32(Int32(shard))])
                owned.remove(shard)
            }
        }
        if owned.count < target {
            // Start at a per-instance offset so newcomers do not all contend for shard 0.
            let start = Int(connection.backendPID) % settings.shards
            for step in 0..<settings.shards where owned.count < target {
                let shard = (start + step) % settings.shards
                if owned.contains(shard) { continue }
                let locked = try await connection.query(
                    "SELECT pg_try_advisory_lock($1, $2) AS locked",
                    [.int32(settings.lockNamespace), .int32(Int32(shard))])
                if try locked.first?["locked"].bool() == true { owned.insert(shard) }
            }
        }
        if owned != before {
            logger.info("outbox shards rebalanced", metadata: [
                "owned": "\(owned.sorted())", "live_relays": "\(live)", "target": "\(target)",
            ])
        }
    }

    /// The connection that held the locks is gone, and with it the locks.
    mutating func lost() { owned = [] }
}
