import Foundation
import Kafka
import Logging
import Postgres
import Streaming

/// Scenario 2: one service's consume loop drains a pre-filled topic, at several batch sizes and with
/// and without outbox writes. Each run is a fresh consumer group on a truncated database.
struct HandlerScenario {
    let context: BenchContext
    static let database = "orderflow_bench_handler"

    struct Run: Sendable {
        var label: String
        var batchSize: Int
        var outbox: Bool
        var events: Int
        var seconds: Double
        var drained: Bool
        var series: ThroughputSeries
        var gaps: LatencySummary
        var usage: RunUsage
        var rate: Double { seconds > 0 ? Double(events) / seconds : 0 }
    }

    private var inputTopic: String { context.names.handlerInput }

    /// Fills the input topic once; every run reads all of it.
    func prepare() async throws -> (records: Int, producerRate: Double) {
        let records = try HandlerWorkload.records(count: context.options.handlerEvents, topic: inputTopic)
        let producer = try KafkaProducer(configuration: BenchKafka.producer(context), logger: context.logger)
        let started = ContinuousClock.now
        let results = await producer.send(records)
        let elapsed = (ContinuousClock.now - started).inSeconds
        await producer.close()
        if let failure = results.first(where: { if case .failure = $0 { true } else { false } }), case .failure(let error) = failure {
            throw BenchError("handler", "filling \(inputTopic) failed: \(error)")
        }
        return (records.count, Double(records.count) / max(elapsed, 1e-9))
    }

    func run(batchSize: Int, outbox: Bool) async throws -> Run {
        let label = "batch \(batchSize)" + (outbox ? "" : ", no outbox")
        context.log("handler: \(label)")
        let databaseName = Self.database
        let database = try await context.freshDatabase(databaseName)
        var sessionDatabase = database
        sessionDatabase.applicationName = "orderflow-bench-handler"
        let setup = try await PostgresConnection.connect(database, logger: context.logger)
        try await RuntimeMigrations.migrate(setup, service: HandlerWorkload.migrations)
        await setup.close()

        let total = context.options.handlerEvents
        let progress = ProgressCounter()
        let gaps = LatencyRecorder()
        let group = "bench-handler-\(batchSize)-\(outbox ? "outbox" : "plain")-\(UUID().uuidString.prefix(8))"
        let rebalances = RebalanceTracker()
        let consumer = try KafkaConsumer(
            configuration: BenchKafka.consumer(context, group: group), logger: context.logger,
            onRebalance: { rebalances.handle($0) })
        let producer = try KafkaProducer(configuration: BenchKafka.producer(context), logger: context.logger)
        var configuration = ConsumerLoopConfiguration(service: HandlerWorkload.service, groupID: group, topics: [inputTopic])
        configuration.batchSize = batchSize
        let session = DatabaseSession(configuration: sessionDatabase, logger: context.logger)
        // The loop logs through the services' handler: the CLI's text handler re-renders its metadata
        // prefix at every metadata change, and the loop's per-event logger would charge that to the handler.
        let level = context.logger.logLevel
        let loopLogger = Logger(label: "orderflow.bench.handler") { label in
            var handler = JSONLogHandler(
                label: label, service: HandlerWorkload.service, output: LogOutput { FileHandle.standardError.write(Data($0.utf8)) })
            handler.logLevel = level
            return handler
        }
        let loop = ConsumeLoop(
            configuration: configuration, consumer: consumer, rebalances: rebalances, database: session,
            deadLetters: DeadLetterPublisher(producer: producer, logger: context.logger),
            handlers: HandlerWorkload.handlers(
                emitting: outbox, to: context.names.handlerOutput, progress: progress, gaps: gaps, clock: HandlerClock()),
            metrics: StreamingMetrics(service: HandlerWorkload.service), logger: loopLogger)

        let meter = UsageMeter(context: context)
        let sampler = ThroughputSampler(counter: progress)
        let samplerTask = Task { await sampler.run() }
        let loopTask = Task { try await loop.run() }
        let deadline = ContinuousClock.now + context.options.maxRunDuration + .seconds(5)
        var drained = false
        var finishedAt = ContinuousClock.now
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            if progress.count >= total, try await committedAll(group: group, total: total) {
                drained = true
                finishedAt = .now
                break
            }
            if let first = progress.first, ContinuousClock.now - first > context.options.maxRunDuration { break }
        }
        if !drained { finishedAt = .now }
        let backendUsage = await backendCPU(database: databaseName)
        loopTask.cancel()
        samplerTask.cancel()
        _ = await loopTask.result
        await producer.close()
        await session.close()
        let handled = progress.count
        let seconds = progress.first.map { (finishedAt - $0).inSeconds } ?? 0
        var usage = meter.finish(events: handled)
        usage.databaseBackendCPU = backendUsage
        return Run(
            label: label, batchSize: batchSize, outbox: outbox, events: handled, seconds: seconds, drained: drained,
            series: sampler.series(label), gaps: gaps.summary("gap between handled events, \(label)"), usage: usage)
    }

    private func committedAll(group: String, total: Int) async throws -> Bool {
        let lags = try await context.admin.consumerLag(group: group, topics: [inputTopic], timeout: .seconds(5))
        return lags.reduce(0) { $0 + $1.lag } == 0 && lags.allSatisfy { $0.committed != nil }
    }

    /// CPU of the loop's database backend (found by its application name) while it is still connected.
    private func backendCPU(database: String) async -> Double? {
        guard let connection = try? await PostgresConnection.connect(context.server, logger: context.logger) else { return nil }
        defer { Task { await connection.close() } }
        let rows = try? await connection.query(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'orderflow-bench-handler'",
            [.text(database)])
        guard let pid = try? rows?.first?["pid"].int32() else { return nil }
        return ProcessUsage.of(pid: pid)?.cpuSeconds
    }
}
