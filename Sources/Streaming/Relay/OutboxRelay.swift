import Foundation
import Kafka
import Logging
import Postgres
import ServiceLifecycle

/// Publishes a service database's outbox to Kafka. Rows are read in id order, produced with the
/// idempotent producer, and each owned shard's mark moves past them only after their delivery reports;
/// a crash in between republishes them (same event ids, so consumers drop the repeats). Wakes on NOTIFY
/// from the outbox trigger and polls as a fallback.
public struct OutboxRelay: Service {
    let settings: RelaySettings
    /// Prepended to each row's topic: the row names the topic as the service knows it.
    let topicPrefix: String
    let database: PostgresConfiguration
    let producer: KafkaProducer
    let metrics: StreamingMetrics
    let logger: Logger

    public init(settings: RelaySettings, topicPrefix: String = "", database: PostgresConfiguration, producer: KafkaProducer,
                metrics: StreamingMetrics, logger: Logger) {
        var database = database
        database.applicationName = settings.applicationName
        // A mark lost with the server's last moments only sends its rows again, so its commit need not
        // wait for the disk.
        database.options["options"] = [database.options["options"], "-c synchronous_commit=off"]
            .compactMap { $0 }.joined(separator: " ")
        self.settings = settings
        self.topicPrefix = topicPrefix
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
        listener.applicationName = settings.applicationName + "-listener"
        return listener
    }

    private func tick(_ wake: AsyncStream<Void>.Continuation) async {
        while !stopping {
            wake.yield()
            try? await Task.sleep(for: settings.pollInterval)
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
            try? await Task.sleep(for: settings.pollInterval)
        }
    }

    private func relayLoop(_ wakeups: AsyncStream<Void>) async {
        var state = RelayState(settings: settings)
        for await _ in wakeups {
            if stopping { break }
            do {
                try await runCycle(&state)
            } catch {
                logger.warning("relay cycle failed; will retry", metadata: ["error": "\(error)"])
                await state.dropConnection()
            }
            metrics.setRelayOwnedShards(state.ownership.owned.count)
        }
        await state.dropConnection()
        do {
            try await producer.flush(timeout: .seconds(10))
        } catch {
            logger.warning("producer flush at shutdown failed", metadata: ["error": "\(error)"])
        }
        logger.info("outbox relay stopped")
    }

    /// Sends first the owned shards' rows set aside for a retry, then reads on from the position (each
    /// full read followed at once by the next), and keeps up to `maxBatchesInFlight` batches being
    /// delivered while the next is read, settling (and marking) the oldest whenever the window is full.
    /// Librdkafka keeps the enqueue order of one producer per partition, so sending batch N+1 before
    /// N's reports arrive keeps each key's order.
    ///
    /// The window is drained (every in-flight batch settled and its mark written) before a rebalance
    /// and before the cycle ends, so a relay never marks a shard another relay has taken meanwhile and
    /// never leaves a send behind at shutdown. After a failure no new batch is read; the failed rows,
    /// set aside, are retried in a later cycle.
    private func runCycle(_ state: inout RelayState) async throws {
        let connection = try await state.connection(database, logger: logger)
        var cycle = RelayCycle(
            window: max(1, settings.maxBatchesInFlight), connection: connection, shards: state.ownership.owned,
            metrics: metrics)
        var retryCursor: Int64? = OutboxRow.beforeFirstID
        var reads = ReadAhead(connection: connection, limit: settings.batchSize, topicPrefix: topicPrefix)
        try await withThrowingTaskGroup(of: DeliveredBatch.self) { group in
            while !stopping && !cycle.hasFailures {
                // Rebalancing between batches, not only between wake-ups, lets a newcomer or a survivor
                // get its shards while this relay drains a long backlog.
                if state.needsRebalance(every: settings.rebalanceInterval) {
                    await reads.discard()
                    try await cycle.drain(in: &group)
                    if cycle.hasFailures { break }
                    try await state.rebalance(on: connection, logger: logger)
                    cycle.shards = state.ownership.owned
                    retryCursor = OutboxRow.beforeFirstID
                }
                guard !state.ownership.owned.isEmpty else { break }
                if let after = retryCursor {
                    let rows = try await OutboxRow.awaitingRetry(
                        after: after, shards: state.ownership.owned, limit: settings.batchSize, topicPrefix: topicPrefix,
                        on: connection)
                    retryCursor = rows.count < settings.batchSize ? nil : rows.last?.id
                    if !rows.isEmpty { await cycle.send(rows, as: .retry, with: producer, in: &group) }
                } else {
                    let read = try await reads.next(at: state.position, shards: state.ownership.owned)
                    let rows = state.position.advance(past: read)
                    await cycle.send(rows, as: .read(state.position.mark), with: producer, in: &group)
                    // A short read means the backlog is drained.
                    if read.next.count < settings.batchSize { break }
                }
                try await cycle.makeRoom(in: &group)
            }
            await reads.discard()
            try await cycle.drain(in: &group)
        }
        cycle.tally.logFailures(logger)
        if ContinuousClock.now - state.lastCleanup >= settings.cleanupInterval {
            state.lastCleanup = .now
            try await OutboxMaintenance(settings: settings).run(on: connection, metrics: metrics, logger: logger)
        }
    }
}
