import Foundation
import Kafka
import Logging
import Postgres
import ServiceLifecycle

/// Publishes a service database's outbox to Kafka. Rows are read in id order per shard, produced with
/// the idempotent producer, and marked published only after their delivery reports; a crash in
/// between republishes them (same event ids, so consumers drop the repeats). Wakes on NOTIFY from the
/// outbox trigger and polls as a fallback.
public struct OutboxRelay: Service {
    let configuration: OutboxRelayConfiguration
    let database: PostgresConfiguration
    let producer: KafkaProducer
    let metrics: StreamingMetrics
    let logger: Logger

    public init(configuration: OutboxRelayConfiguration, database: PostgresConfiguration, producer: KafkaProducer,
                metrics: StreamingMetrics, logger: Logger) {
        var database = database
        database.applicationName = configuration.applicationName
        self.configuration = configuration
        self.database = database
        self.producer = producer
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        let wakeups = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        await withDiscardingTaskGroup { group in
            group.addTask { await tick(wakeups.continuation) }
            group.addTask { await listen(wakeups.continuation) }
            await relayLoop(wakeups.stream)
            wakeups.continuation.finish()
            group.cancelAll()
        }
    }

    private var stopping: Bool { Task.isCancelled || Task.isShuttingDownGracefully }

    /// The listener's own name: relays count each other by the application name of their lock-holding
    /// connection, and a listener under the same name would make every relay count twice.
    private var listenerDatabase: PostgresConfiguration {
        var listener = database
        listener.applicationName = configuration.applicationName + "-listener"
        return listener
    }

    private func tick(_ wake: AsyncStream<Void>.Continuation) async {
        while !stopping {
            wake.yield()
            try? await Task.sleep(for: configuration.pollInterval)
        }
    }

    /// LISTEN for outbox inserts; reconnects after losing its connection.
    private func listen(_ wake: AsyncStream<Void>.Continuation) async {
        while !stopping {
            do {
                let listener = try await PostgresListener.start(
                    listenerDatabase, channels: [RuntimeMigrations.outboxChannel], logger: logger)
                for await _ in listener.notifications {
                    wake.yield()
                    if stopping { break }
                }
                await listener.stop()
            } catch {
                logger.debug("outbox listener unavailable", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: configuration.pollInterval)
        }
    }

    private func relayLoop(_ wakeups: AsyncStream<Void>) async {
        var state = RelayState(configuration: configuration)
        for await _ in wakeups {
            if stopping { break }
            do {
                try await cycle(&state)
            } catch {
                logger.warning("relay cycle failed; will retry", metadata: ["error": "\(error)"])
                await state.dropConnection()
            }
        }
        await state.dropConnection()
        do {
            try await producer.flush(timeout: .seconds(10))
        } catch {
            logger.warning("producer flush at shutdown failed", metadata: ["error": "\(error)"])
        }
        logger.info("outbox relay stopped")
    }

    private func cycle(_ state: inout RelayState) async throws {
        let connection = try await state.connection(database, logger: logger)
        if ContinuousClock.now - state.lastRebalance >= configuration.rebalanceInterval || state.ownership.owned.isEmpty {
            try await state.ownership.rebalance(on: connection, logger: logger)
            state.lastRebalance = .now
        }
        if !state.ownership.owned.isEmpty {
            while !stopping {
                let published = try await publishBatch(state.ownership.owned, on: connection)
                if published < configuration.batchSize { break }
            }
        }
        if ContinuousClock.now - state.lastCleanup >= configuration.cleanupInterval {
            state.lastCleanup = .now
            try await OutboxMaintenance(configuration: configuration).run(on: connection, metrics: metrics, logger: logger)
        }
    }

    /// One batch across the owned shards. Returns how many rows it published.
    func publishBatch(_ shards: Set<Int>, on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query(
            "SELECT \(OutboxRow.selectColumns) FROM outbox WHERE published_at IS NULL AND shard = ANY($1::text::int[]) ORDER BY id LIMIT $2",
            [.text(PostgresArrayLiteral.of(shards.sorted())), .int(configuration.batchSize)]
        ).map(OutboxRow.init)
        guard !rows.isEmpty else { return 0 }
        let started = ContinuousClock.now
        let results = await producer.send(rows.map(\.record))
        // Mark only the prefix before the first failure: a later row of the same key must not count as
        // published ahead of an earlier one that is not.
        let delivered = results.prefix { if case .success = $0 { true } else { false } }.count
        if delivered > 0 {
            try await connection.execute(
                "UPDATE outbox SET published_at = now() WHERE id = ANY($1::text::bigint[])",
                [.text(PostgresArrayLiteral.of(rows.prefix(delivered).map(\.id)))])
            metrics.relayPublished(count: delivered, latency: .now - started)
        }
        if delivered < rows.count, case .failure(let error) = results[delivered] {
            throw error
        }
        return delivered
    }
}

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
