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
        // Ending the wake-up stream is how the loop learns to stop: it finishes the batch in hand,
        // flushes the producer and returns, whatever the tick and listener are waiting on.
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withDiscardingTaskGroup { group in
                    group.addTask { await tick(wakeups.continuation) }
                    group.addTask { await listen(wakeups.continuation) }
                    await relayLoop(wakeups.stream)
                    wakeups.continuation.finish()
                    group.cancelAll()
                }
            } onCancel: {
                wakeups.continuation.finish()
            }
        } onGracefulShutdown: {
            wakeups.continuation.finish()
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
        // Rebalancing between batches, not only between wake-ups, lets a newcomer or a survivor get its
        // shards while this relay drains a long backlog.
        while !stopping {
            if ContinuousClock.now - state.lastRebalance >= configuration.rebalanceInterval || state.ownership.owned.isEmpty {
                try await state.ownership.rebalance(on: connection, logger: logger)
                state.lastRebalance = .now
            }
            guard !state.ownership.owned.isEmpty else { break }
            let round = try await publishBatch(state.ownership.owned, on: connection)
            // A short batch means the backlog is drained; failures wait for the next wake-up.
            if round.fetched < configuration.batchSize || round.failed > 0 { break }
        }
        if ContinuousClock.now - state.lastCleanup >= configuration.cleanupInterval {
            state.lastCleanup = .now
            try await OutboxMaintenance(configuration: configuration).run(on: connection, metrics: metrics, logger: logger)
        }
    }

    struct PublishRound: Sendable {
        var fetched: Int
        var delivered: Int
        var failed: Int { fetched - delivered }
    }

    /// One batch across the owned shards: send, then mark what the broker acknowledged.
    ///
    /// Every delivered row is marked, also behind a failed one: it is on the topic already, and leaving
    /// it unmarked would only send it again with every retry of the failed row. A failed row stays
    /// unpublished and is retried at the next wake-up; a later row of its key delivered in the same
    /// round is then ahead of it on the topic, which is logged (an idempotent producer fails the rest of
    /// a partition's queue with it, so this takes a per-record error such as an oversized value).
    func publishBatch(_ shards: Set<Int>, on connection: PostgresConnection) async throws -> PublishRound {
        let rows = try await connection.query(
            "SELECT \(OutboxRow.selectColumns) FROM outbox WHERE published_at IS NULL AND shard = ANY($1::text::int[]) ORDER BY id LIMIT $2",
            [.text(PostgresArrayLiteral.of(shards.sorted())), .int(configuration.batchSize)]
        ).map(OutboxRow.init)
        guard !rows.isEmpty else { return PublishRound(fetched: 0, delivered: 0) }
        let started = ContinuousClock.now
        let results = await producer.send(rows.map(\.record))
        var delivered: [Int64] = []
        var failedKeys = Set<[UInt8]>()
        var overtaken = 0
        var firstFailure: KafkaError?
        for (row, result) in zip(rows, results) {
            let key = row.record.key ?? []
            switch result {
            case .success:
                delivered.append(row.id)
                if failedKeys.contains(key) { overtaken += 1 }
            case .failure(let error):
                failedKeys.insert(key)
                if firstFailure == nil { firstFailure = error }
            }
        }
        if !delivered.isEmpty {
            try await connection.execute(
                "UPDATE outbox SET published_at = now() WHERE id = ANY($1::text::bigint[])",
                [.text(PostgresArrayLiteral.of(delivered))])
            metrics.relayPublished(count: delivered.count, latency: .now - started)
        }
        if let firstFailure {
            logger.warning("outbox rows not delivered; retrying at the next wake-up", metadata: [
                "failed": "\(rows.count - delivered.count)", "delivered": "\(delivered.count)",
                "overtaken_by_later_rows_of_their_key": "\(overtaken)", "error": "\(firstFailure)",
            ])
        }
        return PublishRound(fetched: rows.count, delivered: delivered.count)
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
