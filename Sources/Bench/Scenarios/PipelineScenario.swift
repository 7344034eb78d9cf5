import Events
import Foundation
import Kafka
import LocalStack
import OrderTraffic
import PaymentProvider
import Streaming
import Synchronization

/// Scenario 4: every service and relay as a process (the dev stack) on the bench's broker and server.
/// Paid orders are offered at rising rates until the pipeline stops keeping up; then, at half the highest
/// rate it sustained, each order is timed from its order.requested being produced to its order.confirmed
/// being consumed.
struct PipelineScenario {
    let context: BenchContext
    /// order.requested → order service; order.placed → payment and inventory; their answers → order
    /// service; order.confirmed → the bench's consumer. Each is one produce → consume on the broker.
    static let hops = 4
    static let databasePrefix = "orderflow_bench_"

    struct Plan: Sendable {
        var rates: [Int]
        var step: Duration
        /// A step is sustained when every order of it is confirmed within this long after the step ends.
        var settle: Duration
        var latencyRun: Duration
    }

    var plan: Plan {
        context.options.quick
            ? Plan(rates: [10], step: .seconds(2), settle: .seconds(8), latencyRun: .seconds(2))
            : Plan(rates: [25, 50, 100, 200, 400, 800, 1600], step: .seconds(10), settle: .seconds(5), latencyRun: .seconds(20))
    }

    func run() async -> PipelineStep.Result {
        var result = PipelineStep.Result()
        result.hops = Self.hops
        guard let executables = context.options.binDirectory else {
            result.skipped = "the directory of the service executables is not known"
            return result
        }
        let missing = PipelineService.executables.filter {
            !FileManager.default.isExecutableFile(atPath: executables.appendingPathComponent($0).path)
        }
        guard missing.isEmpty else {
            result.skipped = "service executables missing in \(executables.path): \(missing.joined(separator: ", ")) (build every product)"
            return result
        }
        guard context.topics.plan.pipeline != nil else {
            result.skipped = "topics/topics.json not found from the current directory"
            return result
        }
        do {
            try await measure(executables: executables, into: &result)
        } catch {
            result.problems.append("pipeline: \(error)")
        }
        return result
    }

    private func measure(executables: URL, into result: inout PipelineStep.Result) async throws {
        context.log("pipeline: starting the services and relays")
        var retentionChecked = false
        let databases = StackDatabases(admin: context.server, prefix: Self.databasePrefix)
        try await databases.dropAll()
        // The run made the stack's topics with its others, under its prefix; the services use that prefix.
        var configuration = DevStackConfiguration(
            kafkaBrokers: context.cluster.bootstrapServers, databases: databases, executables: executables)
        configuration.namespace = context.names.prefix
        configuration.consumerFetchWait = context.cluster.fetchMaxWait
        configuration.logLevel = "error"
        configuration.logFormat = "json"
        let stack = try await DevStack.start(configuration)
        let tracker = ConfirmationTracker()
        let joined = RebalanceTracker()
        let consumer = try KafkaConsumer(
            configuration: BenchKafka.consumer(context, group: "bench-pipeline-\(UUID().uuidString.prefix(8))"),
            logger: context.logger, onRebalance: { joined.handle($0) })
        let producer = try KafkaProducer(configuration: BenchKafka.producer(context), logger: context.logger)
        do {
            try consumer.subscribe(topics: [configuration.topic(TopicCatalog.orders)])
            let consumeTask = Task {
                while !Task.isCancelled {
                    let messages = try await consumer.poll(maxMessages: 1000, maxWait: .milliseconds(100))
                    let now = ContinuousClock.now
                    for message in messages where message.headers.mirrored(EventHeaders.type) == OrderConfirmed.eventType {
                        if let key = message.key { tracker.confirmed(String(decoding: key, as: UTF8.self), at: now) }
                    }
                }
            }
            let joinDeadline = ContinuousClock.now + .seconds(15)
            while !joined.hasJoined, ContinuousClock.now < joinDeadline { try await Task.sleep(for: .milliseconds(50)) }

            let before = usage(stack)
            let sampler = ThroughputSampler(counter: tracker.progress, interval: .seconds(1))
            let samplerTask = Task { await sampler.run() }
            var generator = OrderGenerator(mix: try OrderMix(parsing: "paid=100"), seed: 99)
            // The ladder twice in the same run: the provider answering at once, then at its configured
            // latency; the bulkhead's concurrent calls are what keep the second close to the first.
            let provider = stack.providerPort.map(PaymentProviderAdmin.init(port:))
            let providerLatency = context.options.providerLatency
            result.providerLatency = providerLatency
            var sustained: Int?
            for latency in [Duration.zero, providerLatency] {
                let milliseconds = Int(latency.components.seconds) * 1000 + Int(latency.components.attoseconds / 1_000_000_000_000_000)
                do {
                    try await provider?.apply(FaultSettings(latencyMs: milliseconds))
                } catch {
                    result.problems.append("could not set the payment provider's latency: \(error)")
                }
                sustained = nil
                for rate in plan.rates {
                    context.log("pipeline: \(rate) orders/s, provider latency \(milliseconds) ms")
                    let step = try await offer(
                        rate: rate, for: plan.step, to: configuration.topic(TopicCatalog.orderRequests), generator: &generator, producer: producer,
                        tracker: tracker)
                    let settled = await tracker.waitForAll(step.ids, until: step.ended + plan.settle)
                    result.notes.append("\(rate) orders/s, provider \(milliseconds) ms: \(settled) of \(step.ids.count) confirmed within \(plan.settle) after the step")
                    guard settled == step.ids.count else { break }
                    sustained = rate
                }
                if latency == .zero, providerLatency != .zero {
                    result.maxSustainableRateWithoutProviderLatency = sustained.map(Double.init)
                    // The backlog of the step that failed drains before the next ladder starts.
                    _ = await tracker.waitForAll(tracker.pending, until: .now + .seconds(60))
                }
            }
            result.maxSustainableRate = sustained.map(Double.init)
            if let sustained {
                let half = max(1, sustained / 2)
                context.log("pipeline: latency at \(half) orders/s")
                // Let the backlog of the step that failed drain first: it would otherwise queue ahead.
                _ = await tracker.waitForAll(tracker.pending, until: .now + .seconds(60))
                let idleWait = ContinuousClock.now
                let idle = PipelineIdle(context: context, databases: databases, stack: configuration)
                if let busy = await idle.wait(until: .now + .seconds(60)) {
                    result.problems.append("the stack was still busy 60 s after the last confirmation (\(busy)): the latency run queued behind it")
                } else {
                    result.notes.append(
                        "latency run started once every group had caught up and every outbox was published "
                            + "(\(String(format: "%.1f", (ContinuousClock.now - idleWait).inSeconds)) s after the last confirmation)")
                }
                let marksBefore = await watermarks()
                let latency = LatencyRecorder()
                tracker.record(into: latency)
                let run = try await offer(
                    rate: half, for: plan.latencyRun, to: configuration.topic(TopicCatalog.orderRequests), generator: &generator,
                    producer: producer, tracker: tracker)
                let confirmed = await tracker.waitForAll(run.ids, until: run.ended + .seconds(30))
                tracker.record(into: nil)
                retentionChecked = true
                checkRetention(from: marksBefore, to: await watermarks(), into: &result)
                result.latency = latency.summary("order.requested produced → order.confirmed consumed, \(half) orders/s")
                if confirmed < run.ids.count {
                    result.problems.append("latency run: \(run.ids.count - confirmed) of \(run.ids.count) orders not confirmed within 30 s")
                }
            } else {
                result.problems.append("the pipeline did not keep up even at \(plan.rates.first ?? 0) orders/s")
            }
            samplerTask.cancel()
            result.series = [sampler.series("orders confirmed")]
            let after = usage(stack)
            let orders = tracker.sentCount
            for (name, end) in after {
                guard let start = before[name] else { continue }
                result.usage[name] = RunUsage(
                    events: orders, clientCPU: max(0, end.cpuSeconds - start.cpuSeconds), brokerCPU: nil, serverCPU: nil,
                    databaseBackendCPU: nil, peakRSSMiB: end.peakRSSMiB)
            }
            for exit in stack.unexpectedExits {
                result.problems.append("\(exit.id) exited during the run: \(exit.exit)")
            }
            consumeTask.cancel()
            _ = await consumeTask.result
        } catch {
            await consumer.close()
            await producer.close()
            await stack.stop()
            throw error
        }
        await consumer.close()
        await producer.close()
        await stack.stop()
        if !retentionChecked {
            for topic in checkedTopics {
                if let dropped = try? await context.droppedRecords(topic: topic), dropped > 0 {
                    result.problems.append("the broker dropped \(dropped) record(s) of \(topic) (retention window exceeded)")
                }
            }
        }
        try? await databases.dropAll()
    }

    /// The input topic and the busiest one, under the run's prefix.
    var checkedTopics: [String] { [TopicCatalog.orderRequests, TopicCatalog.orders].map(context.names.pipeline) }

    typealias Marks = [String: [Int32: (low: Int64, high: Int64)]]

    func watermarks() async -> Marks {
        var marks: Marks = [:]
        for topic in checkedTopics {
            marks[topic] = try? await context.watermarks(topic: topic)
        }
        return marks
    }

    /// The dev broker keeps ~5 MB per partition. Records of the ladder dropped after they were consumed
    /// change nothing (a step counts as sustained only when every one of its orders was confirmed), so
    /// they are a note; a record produced during the latency run and dropped makes the run invalid. A
    /// topic that keeps every record (`BenchTopics.mayDropRecords`) is not checked.
    func checkRetention(from before: Marks, to after: Marks, into result: inout PipelineStep.Result) {
        for topic in checkedTopics where context.topics.mayDropRecords(topic) {
            guard let start = before[topic], let end = after[topic] else {
                result.problems.append("could not read the watermarks of \(topic) to check retention")
                continue
            }
            let droppedBefore = start.values.reduce(Int64(0)) { $0 + $1.low }
            let droppedDuringRun = end.reduce(Int64(0)) { total, entry in
                total + max(0, entry.value.low - (start[entry.key]?.high ?? 0))
            }
            if droppedDuringRun > 0 {
                result.problems.append(
                    "the broker dropped \(droppedDuringRun) record(s) of \(topic) produced during the latency run (retention window exceeded)")
            }
            if droppedBefore > 0 {
                result.notes.append(
                    "the broker dropped \(droppedBefore) older record(s) of \(topic) before the latency run (retention window; every order of a sustained step was confirmed)")
            }
        }
    }

    struct Step {
        var ids: [String]
        var ended: ContinuousClock.Instant
    }

    /// Produces paid orders at `rate` for `duration`, paced in 10 ms slices; each order's clock starts
    /// when it is handed to the producer.
    private func offer(
        rate: Int, for duration: Duration, to topic: String, generator: inout OrderGenerator, producer: KafkaProducer,
        tracker: ConfirmationTracker
    ) async throws -> Step {
        let started = ContinuousClock.now
        let total = Int(Double(rate) * duration.inSeconds)
        var ids: [String] = []
        ids.reserveCapacity(total)
        var deliveries: [Task<Int, Never>] = []
        while ids.count < total {
            let due = min(total, Int(Double(rate) * (ContinuousClock.now - started).inSeconds) + 1)
            var records: [KafkaRecord] = []
            while ids.count < due {
                let order = generator.next()
                records.append(try OrderRequestPublisher.record(for: order, topic: topic))
                ids.append(order.key)
                tracker.sent(order.key, at: .now)
            }
            if !records.isEmpty {
                let batch = records
                deliveries.append(Task { await producer.send(batch).filter { if case .failure = $0 { true } else { false } }.count })
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        var failed = 0
        for delivery in deliveries { failed += await delivery.value }
        if failed > 0 { throw BenchError("pipeline", "\(failed) order.requested record(s) failed to deliver") }
        return Step(ids: ids, ended: .now)
    }

    private func usage(_ stack: DevStack) -> [String: ProcessUsage] {
        var usage: [String: ProcessUsage] = [:]
        for process in stack.processes {
            if let reading = ProcessUsage.of(pid: process.pid) { usage[process.id.description] = reading }
        }
        return usage
    }
}

/// When each order was sent and confirmed, shared by the producing loop and the consuming task.
final class ConfirmationTracker: Sendable {
    private struct State {
        var sent: [String: ContinuousClock.Instant] = [:]
        var confirmed: Set<String> = []
        var recorder: LatencyRecorder?
    }

    private let state = Mutex(State())
    let progress = ProgressCounter()

    func sent(_ id: String, at instant: ContinuousClock.Instant) { state.withLock { $0.sent[id] = instant } }

    func confirmed(_ id: String, at instant: ContinuousClock.Instant) {
        let counted = state.withLock { state -> Bool in
            guard let start = state.sent[id], state.confirmed.insert(id).inserted else { return false }
            state.recorder?.record(instant - start)
            return true
        }
        if counted { progress.add() }
    }

    /// Latencies of orders confirmed from now on go to `recorder` (nil: nowhere).
    func record(into recorder: LatencyRecorder?) { state.withLock { $0.recorder = recorder } }

    var sentCount: Int { state.withLock { $0.sent.count } }
    var pending: [String] { state.withLock { state in state.sent.keys.filter { !state.confirmed.contains($0) } } }

    /// How many of `ids` are confirmed by `deadline` (returns early once all are).
    func waitForAll(_ ids: [String], until deadline: ContinuousClock.Instant) async -> Int {
        while true {
            let done = state.withLock { state in ids.reduce(0) { $0 + (state.confirmed.contains($1) ? 1 : 0) } }
            if done == ids.count || ContinuousClock.now >= deadline { return done }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
