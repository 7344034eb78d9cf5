import Events
import Foundation
import Kafka
import Logging
import Postgres
import Streaming
import Synchronization

/// Scenario 3: relays drain a pre-filled outbox to a fresh topic; then a consumer reads the topic and
/// checks that every key's events arrived in order.
///
/// The checker reads after the drain, not during it: on a two-core machine a consumer reading 100,000
/// records alongside took about a sixth of the relays' rate, and none of the baselines has a reader
/// beside it. A drained backlog gives no publish → consume latency worth reporting either: it would time
/// the queue, not the relay (the pipeline scenario times the hops).
struct RelayScenario {
    let context: BenchContext
    static let database = "orderflow_bench_relay"

    struct Run: Sendable {
        var label: String
        var replicas: Int
        var rows: Int
        /// Rows published within the run.
        var published: Int
        /// From the relays' start to their last mark, on the database server's clock.
        var seconds: Double
        var consumed: Int
        var drained: Bool
        var orderViolations: Int
        var duplicates: Int
        var unpublished: Int?
        var droppedByBroker: Int64
        var series: ThroughputSeries
        var usage: RunUsage
        var rate: Double { seconds > 0 ? Double(published) / seconds : 0 }
    }

    /// `round` (from 1) picks the run's own topic.
    func run(replicas: Int, round: Int) async throws -> Run {
        let label = replicas == 1 ? "1 relay" : "\(replicas) relays"
        context.log("relay: \(label)")
        let topic = context.names.relay(replicas: replicas, round: round)
        let database = try await context.freshDatabase(Self.database)
        let setup = try await PostgresConnection.connect(database, logger: context.logger)
        try await Migrator(migrations: RuntimeMigrations.all, table: RuntimeMigrations.table, lockKey: RuntimeMigrations.lockKey)
            .migrate(setup)
        let rows = try await RelayWorkload.fill(
            setup, topic: topic, rows: context.options.relayRows, keys: context.options.relayKeys,
            value: try HandlerWorkload.sampleOutboxValue())

        // A producer's first record to a topic waits about a second for the topic's metadata (and its
        // connection and producer id); a running relay did that long before its outbox filled up, and
        // the producer baseline warms up the same way. The checker skips these records.
        var producers: [KafkaProducer] = []
        for _ in 0..<replicas {
            let producer = try KafkaProducer(configuration: BenchKafka.producer(context), logger: context.logger)
            producers.append(producer)
            _ = try await producer.send(KafkaRecord(
                topic: topic, key: nil, value: [], headers: [KafkaHeader(key: OrderChecker.warmUpHeader, string: "1")]))
        }

        let meter = UsageMeter(context: context)
        let progress = ProgressCounter()
        let sampler = ThroughputSampler(counter: progress, interval: .milliseconds(100))
        let samplerTask = Task { await sampler.run() }
        let metrics = StreamingMetrics(service: "bench-relay")
        // The drain is timed on the server's clock, which also stamps each mark's marked_at.
        let startedAt = try await Self.serverClock(setup)
        var relayTasks: [Task<Void, any Error>] = []
        for producer in producers {
            let relay = OutboxRelay(
                settings: RelaySettings(), database: database, producer: producer,
                metrics: metrics, logger: context.logger)
            relayTasks.append(Task { try await relay.run() })
        }
        // The relays count a batch once its rows are marked, as a scrape of their metrics would see it;
        // the outbox itself has the last word (two replicas can both publish a row taken over mid-batch).
        let deadline = ContinuousClock.now + context.options.maxRunDuration
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            let published = metrics.relayPublishedRows
            progress.add(published - progress.count)
            if published >= rows, try await Self.drain(setup, since: startedAt).unpublished == 0 { break }
        }
        var usage = meter.finish(events: progress.count)
        usage.databaseBackendCPU = nil
        samplerTask.cancel()
        for task in relayTasks { task.cancel() }
        for task in relayTasks { _ = await task.result }
        for producer in producers { await producer.close() }
        let drain = try await Self.drain(setup, since: startedAt)
        await setup.close()

        let checker = OrderChecker()
        let consumed = try await read(topic, expected: drain.published, into: checker)
        let dropped = (try? await context.droppedRecords(topic: topic)) ?? 0
        return Run(
            label: label, replicas: replicas, rows: rows, published: drain.published, seconds: drain.seconds,
            consumed: consumed, drained: drain.unpublished == 0 && consumed - checker.duplicates >= rows,
            orderViolations: checker.violations, duplicates: checker.duplicates, unpublished: drain.unpublished,
            droppedByBroker: dropped, series: sampler.series(label), usage: usage)
    }

    /// Reads the topic from the start until `expected` distinct workload records arrived (or a minute
    /// passed) and returns how many workload records it read.
    private func read(_ topic: String, expected: Int, into checker: OrderChecker) async throws -> Int {
        let consumer = try KafkaConsumer(
            configuration: BenchKafka.consumer(context, group: "bench-relay-check-\(topic)"), logger: context.logger)
        try consumer.subscribe(topics: [topic])
        var checked = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while checked - checker.duplicates < expected, ContinuousClock.now < deadline {
            for message in try await consumer.poll(maxMessages: 1000, maxWait: .milliseconds(100)) where checker.check(message) {
                checked += 1
            }
        }
        await consumer.close()
        return checked
    }
}

extension RelayScenario {
    static func serverClock(_ connection: PostgresConnection) async throws -> Double {
        try await connection.query("SELECT extract(epoch FROM clock_timestamp())::float8 AS now").first?["now"].double() ?? 0
    }

    /// How many rows the relays have published and when their last mark ran, counted from `start`. A
    /// mark's marked_at is its statement's start; its commit follows at once (marks do not wait for
    /// the disk).
    static func drain(
        _ connection: PostgresConnection, since start: Double
    ) async throws -> (published: Int, unpublished: Int, seconds: Double) {
        let row = try await connection.query("""
            SELECT t.total - u.unpublished AS published, u.unpublished,
                   (SELECT extract(epoch FROM max(marked_at))::float8 FROM outbox_marks WHERE shard >= 0) AS last
            FROM (SELECT count(*) AS total FROM outbox) AS t, (SELECT count(*) AS unpublished FROM outbox_unpublished) AS u
            """).first
        let last = try row?["last"].optional { try $0.double() }
        return (try row?["published"].int() ?? 0, try row?["unpublished"].int() ?? 0, last.map { max(0, $0 - start) } ?? 0)
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

    static let warmUpHeader = "bench-warm-up"

    /// Checks a record of the workload; false for a producer's warm-up record, which is not one.
    @discardableResult
    func check(_ message: KafkaMessage) -> Bool {
        if message.headers.string(named: Self.warmUpHeader) != nil { return false }
        guard let id = message.headers.mirrored(EventHeaders.id), let decoded = RelayWorkload.decode(eventID: id) else {
            state.withLock { $0.unreadable += 1 }
            return true
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
        return true
    }

    var violations: Int { state.withLock { $0.violations + $0.unreadable } }
    var duplicates: Int { state.withLock { $0.duplicates } }
}
