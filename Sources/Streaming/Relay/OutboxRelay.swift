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

    /// Reads batches and keeps up to `maxBatchesInFlight` of them being delivered while the next is
    /// read, settling (marking) the oldest whenever the window is full. Librdkafka keeps the enqueue
    /// order of one producer per partition, so sending batch N+1 before N's reports arrive keeps each
    /// key's order.
    ///
    /// The window is drained (every in-flight batch awaited and its delivered rows marked) before a
    /// rebalance and before the cycle ends, so a relay never marks rows of a shard another relay has
    /// taken meanwhile and never leaves a send behind at shutdown. After a failure no new batch is
    /// read; the failed rows are retried in a later cycle.
    private func runCycle(_ state: inout RelayState) async throws {
        let connection = try await state.connection(database, logger: logger)
        let marker = try await state.markerConnection(database, logger: logger)
        var cycle = RelayCycle(window: max(1, settings.maxBatchesInFlight), marker: marker, metrics: metrics)
        try await withThrowingTaskGroup(of: DeliveredBatch.self) { group in
            while !stopping && !cycle.hasFailures {
                // Rebalancing between batches, not only between wake-ups, lets a newcomer or a survivor
                // get its shards while this relay drains a long backlog.
                if state.needsRebalance(every: settings.rebalanceInterval) {
                    try await cycle.drain(in: &group)
                    if cycle.hasFailures { break }
                    try await state.rebalance(on: connection, logger: logger)
                    cycle.restartReading()
                }
                guard !state.ownership.owned.isEmpty else { break }
                let rows = try await OutboxRow.unpublished(
                    after: cycle.cursor, shards: state.ownership.owned, limit: settings.batchSize, topicPrefix: topicPrefix,
                    on: connection)
                await cycle.send(rows, with: producer, in: &group)
                // A short batch means the backlog is drained.
                if rows.count < settings.batchSize { break }
                try await cycle.makeRoom(in: &group)
            }
            try await cycle.drain(in: &group)
        }
        cycle.tally.logFailures(logger)
        if ContinuousClock.now - state.lastCleanup >= settings.cleanupInterval {
            state.lastCleanup = .now
            try await OutboxMaintenance(settings: settings).run(on: connection, metrics: metrics, logger: logger)
        }
    }
}
