import Events
import Foundation
import Invariants
import Kafka
import LocalStack
import OrderService
import Postgres

/// Runs fault scenarios: for each, a fresh stack on its own broker and databases, the orders published
/// over a window while the scenario's faults are injected, then the checks: settled, lost, duplicated
/// effects, dead letters against the expected ones, the invariants, processes that died, and whether the
/// broker kept every record the groups still needed.
public struct FaultScenarioRunner: Sendable {
    public let environment: FaultEnvironment

    public init(environment: FaultEnvironment) { self.environment = environment }

    public func run(_ plan: FaultScenarioPlan, progress: @escaping @Sendable (String) -> Void = { _ in }) async -> FaultScenarioResult {
        let started = ContinuousClock.now
        var result = await attempt(plan, progress: progress)
        result.duration = .now - started
        return result
    }

    private func attempt(_ plan: FaultScenarioPlan, progress: @escaping @Sendable (String) -> Void) async -> FaultScenarioResult {
        var result = FaultScenarioResult(plan: plan)
        if plan.scenario.needsManagedPostgres, environment.database.managed == nil {
            result.invalidity.append(FaultRunError.unsupported(
                "\(plan.scenario.rawValue) restarts PostgreSQL, which needs a server the runner manages (not --database-url)").description)
            return result
        }
        let workload: FaultWorkload
        do {
            workload = try FaultWorkload.build(plan)
        } catch {
            result.invalidity.append(error.description)
            return result
        }
        result.expectedDeadLetters = workload.expectedDeadLetters
        progress("starting a stack: \(plan.scale.processes.count) processes")
        let stack: FaultScenarioStack
        do {
            stack = try await FaultScenarioStack.start(plan, in: environment)
        } catch {
            result.invalidity.append(error.description)
            return result
        }
        result.logFile = stack.logFile.path
        progress("stack ready on broker \(stack.broker.bootstrapServers), databases \(stack.databases.prefix)*")
        await exercise(plan, workload, stack, &result, progress: progress)
        let keep = environment.keepFailedDatabases && result.verdict != .passed
        await stack.finish(dropDatabases: !keep)
        if keep { result.notes.append("databases kept: \(stack.databases.prefix)*") }
        return result
    }

    private func exercise(
        _ plan: FaultScenarioPlan, _ workload: FaultWorkload, _ stack: FaultScenarioStack, _ result: inout FaultScenarioResult,
        progress: @escaping @Sendable (String) -> Void
    ) async {
        let watch: RetentionWatch
        do {
            watch = try RetentionWatch(bootstrapServers: stack.broker.bootstrapServers)
        } catch {
            result.invalidity.append("cannot watch the broker's retention: \(error)")
            return
        }
        defer { watch.close() }
        let watching = Task { await watch.watch() }
        let memoryBefore = stack.stack.process(StackProcessID(.order))?.pid.flatMapMemory

        let log = FaultLog()
        progress("publishing \(workload.records.count) records over \(FaultFormat.seconds(plan.publishWindow))"
            + (plan.faultRounds > 0 ? " while injecting \(plan.scenario.rawValue) faults" : ""))
        let (published, injected) = await publishWhileInjecting(plan, workload, stack, log)
        if case .failure(let error) = published { result.failures.append(error.description) }
        if case .failure(let error) = injected { result.failures.append(error.description) }
        if plan.scenario == .poison { log.cleared() }
        result.ordersSent = workload.orders.count
        result.faults = log.entries.map { "\(FaultFormat.seconds($0.at)): \($0.text)" }

        progress("waiting for \(workload.orders.count) orders to settle")
        let settle = await SettleWatch.wait(workload.orders, in: stack.databases, timeout: plan.settleTimeout)
        result.ordersSettled = settle.progress.settled
        result.lost = settle.progress.pending.count
        if result.lost > 0 {
            result.failures.append("\(result.lost) orders never settled: \(settle.progress)" + (settle.lastError.map { " (last error: \($0))" } ?? ""))
        }
        if let settledAt = settle.settledAt {
            let cleared = log.lastCleared
            result.timeToRecover = cleared.map { settledAt > $0 ? settledAt - $0 : .zero }
        }
        progress("checking invariants, duplicate effects and dead letters")
        await check(workload, stack, &result)
        if let oversized = workload.oversized {
            progress("sending a \(plan.oversizedValueBytes)-byte value, then \(oversized.canaries.count) more orders")
            result.oversized = await checkOversized(oversized, plan, stack, &result)
        }
        await checkPoison(workload, stack, memoryBefore, &result)
        if let watch = workload.parkedKey {
            progress("checking the parked key's order and the other keys' latency")
            result.parkedKey = await ParkedKeyVerification.check(watch, workload, stack)
        }

        watching.cancel()
        await watching.value
        await watch.sample()
        result.invalidity += watch.problems.prefix(10).map { "broker retention: \($0)" }
        for (name, values) in log.measurements.sorted(by: { $0.key < $1.key }) where !values.isEmpty {
            let longest = values.max() ?? .zero
            result.notes.append("\(name): \(values.count)×, longest \(FaultFormat.seconds(longest))")
        }
        result.notes += log.notes
        result.notes.append("fullest partition held \(watch.deepestPartition) records (\(watch.samples) retention samples)")
        for (id, exit) in stack.stack.unexpectedExits {
            result.failures.append("\(id) died on its own: \(exit); last output: \(stack.stack.recentOutput(of: id, lines: 5).joined(separator: " | "))")
        }
    }

    private func publishWhileInjecting(
        _ plan: FaultScenarioPlan, _ workload: FaultWorkload, _ stack: FaultScenarioStack, _ log: FaultLog
    ) async -> (Result<Void, FaultRunError>, Result<Void, FaultRunError>) {
        async let injected = Self.inject(plan, workload, stack, log)
        let published: Result<Void, FaultRunError>
        do {
            try await PacedPublisher(producer: stack.producer).publish(workload.records, over: plan.publishWindow)
            published = .success(())
        } catch {
            published = .failure(error)
        }
        return (published, await injected)
    }

    private static func inject(
        _ plan: FaultScenarioPlan, _ workload: FaultWorkload, _ stack: FaultScenarioStack, _ log: FaultLog
    ) async -> Result<Void, FaultRunError> {
        guard let injector = injector(for: plan, workload) else { return .success(()) }
        do {
            try await injector.inject(into: stack, log: log)
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    static func injector(for plan: FaultScenarioPlan, _ workload: FaultWorkload) -> (any FaultInjector)? {
        switch plan.scenario {
        case .consumerKill: ConsumerKills(plan: plan)
        case .relayKill: RelayKills(plan: plan)
        case .postgresRestart: PostgresRestarts(plan: plan)
        case .brokerFaults: BrokerFaults(plan: plan)
        case .rebalanceStorm: RebalanceStorm(plan: plan)
        case .poison: nil
        case .providerDown, .providerSlow, .providerFlaky: ProviderFaults(plan: plan)
        case .paymentKill: PaymentKills(plan: plan)
        case .parkedKey: workload.parkedKey.map { ParkedKeyFault(plan: plan, watch: $0) }
        }
    }

    /// Invariants, duplicate effects and dead letters.
    func check(_ workload: FaultWorkload, _ stack: FaultScenarioStack, _ result: inout FaultScenarioResult) async {
        do {
            let report = try await PipelineInvariants().awaitHolding(workload.orders, in: stack.databases, timeout: .seconds(30))
            if !report.holds {
                result.failures.append("invariants: \(report.violations.count) violations")
                result.failures += report.violations.prefix(10).map { "  \($0)" }
            }
        } catch {
            result.failures.append("cannot check the invariants: \(error)")
        }
        await checkProvider(stack, &result)
        do {
            let duplicates = try await DuplicateEffects.count(in: stack.databases)
            result.duplicatedEffects = duplicates.total
            if duplicates.total > 0 { result.failures += duplicates.details.map { "duplicate effects: \($0)" } }
        } catch {
            result.failures.append("cannot count duplicate effects: \(error)")
        }
        do {
            let topics = environment.topics.topics.filter(\.isDeadLetterTopic).map(\.name)
            result.actualDeadLetters = try await DeadLetterTally.read(bootstrapServers: stack.broker.bootstrapServers, topics: topics)
            result.failures += result.actualDeadLetters.differences(from: workload.expectedDeadLetters).map { "dead letters: \($0)" }
        } catch {
            result.failures.append(error.description)
        }
    }

    /// The provider's books against the pipeline's: one charge per paid order, one refund per cancelled
    /// order that had been charged.
    private func checkProvider(_ stack: FaultScenarioStack, _ result: inout FaultScenarioResult) async {
        guard let provider = stack.provider else { return }
        do {
            let charges = try await provider.charges()
            let snapshot = try await PipelineSnapshot.load(stack.databases)
            let tally = ProviderReconciliation.check(
                charges: charges, payments: snapshot.payments, orders: snapshot.orders.mapValues(\.status))
            result.notes.append("payment provider: \(tally.charged) charges, \(tally.refunded) refunded, \(tally.declined) declined")
            result.failures += tally.problems.prefix(10).map { "payment provider: \($0)" }
        } catch {
            result.failures.append("cannot reconcile the payment provider: \(error)")
        }
    }

    /// The oversized value alone, then canary orders: it must be dead-lettered and the canaries settle.
    private func checkOversized(
        _ oversized: FaultWorkload.Oversized, _ plan: FaultScenarioPlan, _ stack: FaultScenarioStack, _ result: inout FaultScenarioResult
    ) async -> OversizedCheck {
        var check = OversizedCheck(valueBytes: plan.oversizedValueBytes)
        check.canariesSent = oversized.canaries.count
        let sent = ContinuousClock.now
        do {
            try await PacedPublisher(producer: stack.producer).publish([oversized.record] + oversized.canaryRecords, over: .zero)
        } catch {
            result.failures.append(error.description)
            return check
        }
        let settle = await SettleWatch.wait(oversized.canaries, in: stack.databases, timeout: Self.oversizedWait(plan.form))
        check.canariesSettled = settle.progress.settled
        check.canariesSettledAfter = settle.settledAt.map { $0 - sent }
        let key = DeadLetterTally.Key(topic: TopicCatalog.orderRequests, errorClass: PoisonKind.oversized.expectedErrorClass)
        do {
            let topics = environment.topics.topics.filter(\.isDeadLetterTopic).map(\.name)
            let tally = try await DeadLetterTally.read(bootstrapServers: stack.broker.bootstrapServers, topics: topics)
            check.deadLettered = (tally.counts[key] ?? 0) > 0
            result.actualDeadLetters = tally
            result.expectedDeadLetters.counts[key, default: 0] += 1
        } catch {
            result.failures.append(error.description)
        }
        result.notes.append("oversized value: \(plan.oversizedValueBytes) bytes (the embedded broker accepts 10 MB but keeps only about 5 MB per partition, so a 10 MB value is evicted before anyone can read it)")
        return check
    }

    static func oversizedWait(_ form: FaultScenarioPlan.Form) -> Duration { form == .full ? .seconds(45) : .seconds(25) }

    /// The reused event id took effect once, with its first body; the order service's memory stayed bounded.
    private func checkPoison(
        _ workload: FaultWorkload, _ stack: FaultScenarioStack, _ memoryBefore: MemorySample?, _ result: inout FaultScenarioResult
    ) async {
        guard let duplicate = workload.duplicateID else { return }
        result.notes.append("\(workload.poisonRecords) poison records among \(workload.orders.count) good orders")
        do {
            let connection = try await PostgresConnection.connect(stack.databases.configuration(of: .order))
            let answer: Result<[String], PostgresError>
            do { answer = .success(try await OrderReads(connection).customers(of: duplicate.orderID)) } catch { answer = .failure(error) }
            await connection.close()
            let customers = try answer.get()
            if customers != [duplicate.customer] {
                result.failures.append("reused event id: order \(duplicate.orderID) has customers \(customers), expected only the first body's \(duplicate.customer)")
            } else {
                result.notes.append("reused event id with a different body: skipped as a duplicate, first body kept")
            }
        } catch {
            result.failures.append("cannot check the reused event id: \(error)")
        }
        guard let after = stack.stack.process(StackProcessID(.order))?.pid.flatMapMemory else { return }
        let before = memoryBefore.map { "\($0)" } ?? "unknown"
        result.notes.append("order#1 memory before the poison: \(before); after: \(after)")
        let growth = after.peakKilobytes - (memoryBefore?.peakKilobytes ?? after.peakKilobytes)
        if growth > Self.poisonMemoryAllowanceKilobytes {
            result.failures.append("order#1 peak memory grew by \(FaultFormat.megabytes(kilobytes: growth)) during the poison run (allowed \(FaultFormat.megabytes(kilobytes: Self.poisonMemoryAllowanceKilobytes)))")
        }
    }

    /// Peak memory an order-service replica may gain while it reads the poison (the oversized value is
    /// held a few times over: fetch buffer, message copy, dead-letter record).
    static let poisonMemoryAllowanceKilobytes = 256 * 1024
}

private extension Int32 {
    var flatMapMemory: MemorySample? { MemorySample.of(pid: self) }
}
