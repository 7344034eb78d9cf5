import Events
import Foundation
import Kafka
import Logging
import Postgres
import Streaming
import Synchronization

/// Scenario 3: relays drain a pre-filled outbox to a fresh topic while a consumer checks that every
/// key's events arrive in order.
struct RelayScenario {
    let context: BenchContext
    static let database = "orderflow_bench_relay"

    struct Run: Sendable {
        var label: String
        var replicas: Int
        var rows: Int
        var consumed: Int
        var seconds: Double
        var drained: Bool
        var orderViolations: Int
        var duplicates: Int
        var unpublished: Int?
        var droppedByBroker: Int64
        var series: ThroughputSeries
        var latency: LatencySummary
        var usage: RunUsage
        var rate: Double { seconds > 0 ? Double(consumed - duplicates) / seconds : 0 }
    }

    func run(replicas: Int) async throws -> Run {
        let label = replicas == 1 ? "1 relay" : "\(replicas) relays"
        context.log("relay: \(label)")
        let topic = "bench-relay-\(replicas)-\(UUID().uuidString.prefix(6).lowercased())"
        try context.createTopic(topic)
        let database = try await context.freshDatabase(Self.database)
        let setup = try await PostgresConnection.connect(database, logger: context.logger)
        try await Migrator(migrations: RuntimeMigrations.all, table: RuntimeMigrations.table, lockKey: RuntimeMigrations.lockKey)
            .migrate(setup)
        let rows = try await RelayWorkload.fill(
            setup, topic: topic, rows: context.options.relayRows, keys: context.options.relayKeys,
            value: try HandlerWorkload.sampleOutboxValue())

        let checker = OrderChecker()
        let progress = ProgressCounter()
        let latency = LatencyRecorder()
        let joined = RebalanceTracker()
        let consumer = try KafkaConsumer(
            configuration: BenchKafka.consumer(context, group: "bench-relay-check-\(topic)"), logger: context.logger,
            onRebalance: { joined.handle($0) })
        try consumer.subscribe(topics: [topic])
        let consumeTask = Task {
            while !Task.isCancelled {
                let messages = try await consumer.poll(maxMessages: 1000, maxWait: .milliseconds(100))
                let now = Date()
                for message in messages {
                    checker.check(message)
                    if let timestamp = message.timestamp { latency.record(.milliseconds(Int64(now.timeIntervalSince(timestamp) * 1000))) }
                }
                progress.add(messages.count)
            }
        }
        // Records published before the checker joins would show a queueing delay, not the relay's latency.
        let joinDeadline = ContinuousClock.now + .seconds(15)
        while !joined.hasJoined, ContinuousClock.now < joinDeadline { try await Task.sleep(for: .milliseconds(50)) }

        let meter = UsageMeter(context: context)
        // The checker receives records in bursts, one per fetch long-poll (up to 500 ms on the dev broker):
        // one-second samples show the relay's rate rather than the fetch rhythm.
        let sampler = ThroughputSampler(counter: progress, interval: .seconds(1))
        let samplerTask = Task { await sampler.run() }
        var producers: [KafkaProducer] = []
        var relayTasks: [Task<Void, any Error>] = []
        for _ in 0..<replicas {
            let producer = try KafkaProducer(configuration: BenchKafka.producer(context), logger: context.logger)
            producers.append(producer)
            let relay = OutboxRelay(
                configuration: OutboxRelayConfiguration(), database: database, producer: producer,
                metrics: StreamingMetrics(service: "bench-relay"), logger: context.logger)
            relayTasks.append(Task { try await relay.run() })
        }
        let deadline = ContinuousClock.now + context.options.maxRunDuration + .seconds(10)
        var drained = false
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            if progress.count - checker.duplicates >= rows { drained = true; break }
            if let first = progress.first, ContinuousClock.now - first > context.options.maxRunDuration { break }
        }
        let finishedAt = progress.last ?? .now
        var usage = meter.finish(events: progress.count)
        usage.databaseBackendCPU = nil
        for task in relayTasks { task.cancel() }
        for task in relayTasks { _ = await task.result }
        for producer in producers { await producer.close() }
        consumeTask.cancel()
        _ = await consumeTask.result
        await consumer.close()
        samplerTask.cancel()
        let unpublished = try? await setup.query("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL").first?["n"].int()
        await setup.close()
        let dropped = (try? await context.droppedRecords(topic: topic)) ?? 0
        let seconds = progress.first.map { (finishedAt - $0).inSeconds } ?? 0
        return Run(
            label: label, replicas: replicas, rows: rows, consumed: progress.count, seconds: seconds, drained: drained,
            orderViolations: checker.violations, duplicates: checker.duplicates, unpublished: unpublished,
            droppedByBroker: dropped, series: sampler.series(label),
            latency: latency.summary("relay publish → consume, \(label)"), usage: usage)
    }
}

/// Per-key order as the consumer sees it: a key's sequence numbers must only go up. A repeat of an
/// already-seen number is a duplicate (allowed by at-least-once, counted); anything lower is a violation.
final class OrderChecker: Sendable {
    private struct State {
        var highest: [Int: Int] = [:]
        var seen: Set<Int64> = []
        var violations = 0
        var duplicates = 0
        var unreadable = 0
    }

    private let state = Mutex(State())

    func check(_ message: KafkaMessage) {
        guard let id = message.headers.string(named: EventHeaders.id), let decoded = RelayWorkload.decode(eventID: id) else {
            state.withLock { $0.unreadable += 1 }
            return
        }
        let identity = Int64(decoded.key) << 32 | Int64(decoded.sequence)
        state.withLock { state in
            guard state.seen.insert(identity).inserted else {
                state.duplicates += 1
                return
            }
            if let highest = state.highest[decoded.key], decoded.sequence < highest { state.violations += 1 }
            state.highest[decoded.key] = max(state.highest[decoded.key] ?? 0, decoded.sequence)
        }
    }

    var violations: Int { state.withLock { $0.violations + $0.unreadable } }
    var duplicates: Int { state.withLock { $0.duplicates } }
}
