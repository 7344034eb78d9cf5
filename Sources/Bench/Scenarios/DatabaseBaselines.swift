import Foundation
import Postgres
import Streaming

/// pgbench on the bench's own database server, running the runtime's SQL with one client (the consume
/// loop and the relay each use one connection).
struct DatabaseBaselines {
    let context: BenchContext
    static let handlerDatabase = "orderflow_bench_pgbench_handler"
    static let relayDatabase = "orderflow_bench_pgbench_relay"

    struct Outcome: Sendable {
        var perSecond: Double
        var transactions: Int
        var serverCPU: Double?
        /// Each run's rate when the figure is the median of several.
        var rounds: [Double] = []
    }

    /// Transactions per second of the single-event handler transaction.
    func handlerTransaction() async throws -> Outcome {
        context.log("baselines: pgbench, handler transaction")
        guard let pgbench = context.pgbench else { throw BenchError("pgbench", "pgbench not found (install postgresql-contrib or pass --pgbench)") }
        let database = try await context.freshDatabase(Self.handlerDatabase)
        let connection = try await PostgresConnection.connect(database, logger: context.logger)
        try await RuntimeMigrations.migrate(connection, service: HandlerWorkload.migrations)
        await connection.close()
        let script = HandlerWorkload.pgbenchTransaction(
            outboxValue: try HandlerWorkload.sampleOutboxValue(), topic: context.names.handlerOutput)
        let before = context.serverCPUSeconds()
        let outcome = try pgbench.run(
            script: script, url: database.url, clients: 1, duration: context.options.pgbenchDuration,
            scratchDirectory: context.scratch)
        // The backend pgbench used ends after pgbench does; its CPU counts once the postmaster reaped it.
        try await Task.sleep(for: .milliseconds(500))
        let cpu = context.serverCPUSeconds().flatMap { after in before.map { after - $0 } }
        await context.dropDatabase(Self.handlerDatabase)
        return Outcome(perSecond: outcome.tps, transactions: outcome.transactions, serverCPU: cpu)
    }

    /// Outbox rows per second the relay's own statements move (SELECT a batch, mark it published): the
    /// median of as many runs as the relay scenario makes, each on a freshly filled outbox. One run
    /// lasts about a second, and single runs varied by a third.
    func relayStatements() async throws -> Outcome {
        context.log("baselines: pgbench, relay statements")
        guard let pgbench = context.pgbench else { throw BenchError("pgbench", "pgbench not found (install postgresql-contrib or pass --pgbench)") }
        var runs: [Outcome] = []
        for _ in 0..<max(1, context.options.relayRounds) {
            runs.append(try await relayStatementsOnce(pgbench))
        }
        var median = runs.sorted { $0.perSecond < $1.perSecond }[(runs.count - 1) / 2]
        if runs.count > 1 { median.rounds = runs.map(\.perSecond) }
        return median
    }

    private func relayStatementsOnce(_ pgbench: Pgbench) async throws -> Outcome {
        let database = try await context.freshDatabase(Self.relayDatabase)
        let connection = try await PostgresConnection.connect(database, logger: context.logger)
        try await Migrator(migrations: RuntimeMigrations.all, table: RuntimeMigrations.table, lockKey: RuntimeMigrations.lockKey)
            .migrate(connection)
        let rows = try await RelayWorkload.fill(
            connection, topic: "bench-pgbench", rows: context.options.relayRows, keys: context.options.relayKeys,
            value: try HandlerWorkload.sampleOutboxValue())
        await connection.close()
        let batch = RelaySettings().batchSize
        // Stop before the outbox runs dry so every transaction moves a full batch.
        let transactions = max(1, rows * 9 / 10 / batch)
        let outcome = try pgbench.run(
            script: RelayWorkload.pgbenchBatch(batchSize: batch), url: database.url, clients: 1, transactions: transactions,
            scratchDirectory: context.scratch)
        await context.dropDatabase(Self.relayDatabase)
        return Outcome(perSecond: outcome.tps * Double(batch), transactions: outcome.transactions, serverCPU: nil)
    }

    /// Server settings that decide what a commit costs.
    static func serverSettings(_ connection: PostgresConnection) async -> [String: String] {
        var settings: [String: String] = [:]
        for name in ["server_version", "fsync", "synchronous_commit", "wal_sync_method", "full_page_writes", "shared_buffers"] {
            if let value = try? await connection.query("SELECT current_setting($1) AS value", [.text(name)]).first?["value"].string() {
                settings[name] = value
            }
        }
        return settings
    }
}
