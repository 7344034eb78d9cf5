import Foundation
import Kafka
import LocalStack
import OrderTraffic
import PaymentProvider
import Synchronization

/// `orderflow chaos --soak`: the pipeline under steady load for a long time while processes are killed,
/// PostgreSQL restarts and the payment provider goes away for a while, sampled throughout, then checked for growth, for lag and backlog that do not
/// come back, and for the invariants every scenario checks.
public struct SoakRunner: Sendable {
    public let environment: FaultEnvironment
    public let output: URL

    public init(environment: FaultEnvironment, output: URL) {
        self.environment = environment
        self.output = output
    }

    public func run(_ plan: SoakPlan, progress: @escaping @Sendable (String) -> Void = { _ in }) async -> SoakResult {
        var result = SoakResult(plan: plan)
        let stack: FaultScenarioStack
        do {
            stack = try await FaultScenarioStack.start(name: "soak", scale: plan.scale, in: environment)
        } catch {
            result.problems.append(error.description)
            return result
        }
        let admin: KafkaAdmin
        do {
            admin = try KafkaAdmin(bootstrapServers: stack.broker.bootstrapServers, logger: FaultClientLogger.make("orderflow.soak.admin"))
        } catch {
            result.problems.append("an admin client for the broker: \(error)")
            await stack.finish(dropDatabases: true)
            return result
        }
        let started = ContinuousClock.now
        let sampler = SoakSampler(stack: stack, admin: admin, started: started)
        let log = FaultLog(started: started)
        let published = PublishedOrders()
        progress("soaking for \(Int(plan.duration / .seconds(1))) s at \(plan.rate) orders/s, sampling every \(Int(plan.sampleInterval / .seconds(1))) s")

        let samples = SampleLog()
        // Sampling goes on through the drain, so recovery after the last order is timed like any other.
        let sampling = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: plan.sampleInterval)
                if Task.isCancelled { break }
                samples.add(await sampler.sample(ordersPublished: published.count))
            }
        }
        async let publisher: String? = Self.publish(plan, stack, into: published, until: started + plan.duration)
        async let faults: String? = Self.injectFaults(plan, stack, log, until: started + plan.duration)
        if let problem = await publisher { result.problems.append(problem) }
        if let problem = await faults { result.problems.append(problem) }
        let drainFrom = Double((ContinuousClock.now - started) / .milliseconds(1)) / 1000

        let orders = published.all
        result.ordersPublished = orders.count
        progress("\(orders.count) orders published; waiting for them to settle")
        let settle = await SettleWatch.wait(orders, in: stack.databases, timeout: .seconds(300))
        result.ordersSettled = settle.progress.settled
        if !settle.progress.pending.isEmpty {
            result.problems.append("\(settle.progress.pending.count) orders never settled")
        }
        try? await Task.sleep(for: plan.sampleInterval * 2)
        sampling.cancel()
        await sampling.value
        admin.close()

        var checked = FaultScenarioResult(plan: FaultScenarioPlan.standard(.consumerKill, .short))
        await FaultScenarioRunner(environment: environment).check(FaultWorkload(orders: orders, records: []), stack, &checked)
        result.problems += checked.failures

        // Lag may build for as long as the provider is away, so its recovery is timed from its return.
        let faultTimes = log.entries.filter {
            $0.text.hasPrefix("SIGKILL") || $0.text.hasPrefix("PostgreSQL stopped") || $0.text.hasPrefix("payment provider back")
        }
            .map { Double($0.at / .milliseconds(1)) / 1000 }
        let findings = SoakFindings(samples: samples.all, faults: faultTimes + [drainFrom], plan: plan, runSeconds: drainFrom)
        result.problems += findings.problems
        result.notes += findings.notes
        result.faults = log.entries.map { "\(FaultFormat.seconds($0.at)): \($0.text)" }
        result.samples = samples.all.count
        write(samples.all, log, &result)
        for (id, exit) in stack.stack.unexpectedExits {
            result.problems.append("\(id) died on its own: \(exit)")
        }
        await stack.finish(dropDatabases: result.passed || !environment.keepFailedDatabases)
        return result
    }

    private func write(_ samples: [SoakSample], _ log: FaultLog, _ result: inout SoakResult) {
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let csv = output.appendingPathComponent("soak-\(stamp).csv")
        let chart = output.appendingPathComponent("soak-\(stamp).svg")
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try SoakCSV.render(samples).write(to: csv, atomically: true, encoding: .utf8)
            let marks = log.entries.map { (at: Double($0.at / .milliseconds(1)) / 1000, what: $0.text) }
            try SoakChart.render(samples, faults: marks).write(to: chart, atomically: true, encoding: .utf8)
            result.csvFile = csv.path
            result.chartFile = chart.path
        } catch {
            result.problems.append("writing the samples to \(output.path): \(error)")
        }
    }

    /// Orders at the plan's rate, a second's worth at a time; returns a problem, if any.
    private static func publish(
        _ plan: SoakPlan, _ stack: FaultScenarioStack, into published: PublishedOrders, until end: ContinuousClock.Instant
    ) async -> String? {
        var generator = OrderGenerator(seed: plan.seed)
        let publisher = PacedPublisher(producer: stack.producer)
        while ContinuousClock.now < end {
            let orders = (0..<plan.rate).map { _ in generator.next() }
            do {
                let records = try orders.map { try OrderRequestPublisher.record(for: $0) }
                try await publisher.publish(records, over: .seconds(1))
            } catch {
                return "publishing: \(error)"
            }
            published.add(orders)
        }
        return nil
    }

    /// A random service replica or relay SIGKILLed every kill interval (replaced a second later),
    /// PostgreSQL restarted once, and the payment provider down once.
    private static func injectFaults(
        _ plan: SoakPlan, _ stack: FaultScenarioStack, _ log: FaultLog, until end: ContinuousClock.Instant
    ) async -> String? {
        var random = SplitMix64(seed: plan.seed ^ 0x50A4)
        let started = log.started
        var nextKill = started + plan.killInterval
        var restart = plan.postgresRestartAt.map { started + $0 }
        var outage = plan.providerOutageAt.map { started + $0 }
        while true {
            let next = [nextKill, restart, outage].compactMap { $0 }.min() ?? nextKill
            guard next < end else { return nil }
            try? await Task.sleep(until: next, clock: .continuous)
            if let due = outage, due <= .now {
                outage = nil
                if let problem = await providerOutage(plan.providerOutage, stack, log) { return problem }
                continue
            }
            if let due = restart, due <= .now {
                restart = nil
                guard let server = stack.database.managed else {
                    log.note("PostgreSQL not restarted: the server is not one the runner manages")
                    continue
                }
                do {
                    try await server.stop(.fast)
                    log.record("PostgreSQL stopped")
                    try? await Task.sleep(for: .seconds(3))
                    try await server.start()
                    log.record("PostgreSQL started again")
                } catch {
                    return "restarting PostgreSQL: \(error)"
                }
                continue
            }
            nextKill = nextKill + plan.killInterval
            let candidates = stack.stack.processes.filter(\.isRunning).map(\.id)
            guard !candidates.isEmpty else { continue }
            let victim = candidates[Int(random.next() % UInt64(candidates.count))]
            do {
                let exit = try await stack.stack.kill(victim)
                log.record("SIGKILL \(victim) (\(exit))")
                try? await Task.sleep(for: .seconds(1))
                try await stack.stack.replace(victim)
                log.record("\(victim) restarted and ready")
            } catch {
                return "killing and replacing \(victim): \(error)"
            }
        }
    }
}

extension SoakRunner {
    /// The provider refuses every call for `duration` and heals by itself; the payment services' breakers
    /// open and their consumption waits, so payments lag until it is back.
    static func providerOutage(_ duration: Duration, _ stack: FaultScenarioStack, _ log: FaultLog) async -> String? {
        guard let provider = stack.provider else {
            log.note("payment provider not taken down: the stack runs none")
            return nil
        }
        do {
            try await provider.apply(FaultSettings(downForMs: Int(duration / .milliseconds(1))))
        } catch {
            return "taking the payment provider down: \(error)"
        }
        log.record("payment provider down for \(FaultFormat.seconds(duration))")
        try? await Task.sleep(for: duration)
        log.record("payment provider back")
        return nil
    }
}

/// The orders the soak has published so far, shared by the publisher and the sampler.
final class PublishedOrders: Sendable {
    private let orders = Mutex<[GeneratedOrder]>([])

    var count: Int { orders.withLock { $0.count } }
    var all: [GeneratedOrder] { orders.withLock { $0 } }
    func add(_ more: [GeneratedOrder]) { orders.withLock { $0 += more } }
}

/// The samples taken so far.
final class SampleLog: Sendable {
    private let samples = Mutex<[SoakSample]>([])

    var all: [SoakSample] { samples.withLock { $0 } }
    func add(_ sample: SoakSample) { samples.withLock { $0.append(sample) } }
}
