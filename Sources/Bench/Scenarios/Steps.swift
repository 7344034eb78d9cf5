import Foundation

/// Scenario 1: the raw baselines every other figure is read against.
struct BaselinesStep {
    let context: BenchContext

    struct Result: Sendable {
        var producer: KafkaBaselines.Rate?
        var consumer: KafkaBaselines.Rate?
        var latency: LatencySummary?
        var pgbenchHandler: DatabaseBaselines.Outcome?
        var pgbenchRelay: DatabaseBaselines.Outcome?
        var handlerInputRecords = 0
        var fillRate = 0.0
        var problems: [String] = []
    }

    func run() async throws -> Result {
        var result = Result()
        let kafka = KafkaBaselines(context: context)
        // The handler scenario's input doubles as the consumer baseline's: same topic, same records.
        let filled = try await HandlerScenario(context: context).prepare()
        result.handlerInputRecords = filled.records
        result.fillRate = filled.producerRate
        result.consumer = try await kafka.consumerRate(topic: context.names.handlerInput, expected: filled.records)
        result.producer = try await kafka.producerRate()
        result.latency = try await kafka.produceToConsumeLatency()
        do {
            result.pgbenchHandler = try await DatabaseBaselines(context: context).handlerTransaction()
            result.pgbenchRelay = try await DatabaseBaselines(context: context).relayStatements()
        } catch {
            result.problems.append("pgbench: \(error)")
        }
        return result
    }
}

/// Scenario 2: the handler at each batch size with outbox writes, then at the best size `outboxRounds`
/// pairs of runs with and without them. A pair runs back to back, so the machine's swings (commit
/// latency on this kind of VM varies several-fold within minutes) hit both of its runs alike; the
/// order inside a pair alternates, and the pair with the median ratio is reported. The sweep's own
/// run is not reused: it was picked for being the fastest.
struct HandlerStep {
    let context: BenchContext

    struct Result: Sendable {
        var runs: [HandlerScenario.Run] = []
        var best: HandlerScenario.Run?
        /// The pair with the median with ÷ without ratio.
        var withOutbox: HandlerScenario.Run?
        var withoutOutbox: HandlerScenario.Run?
        var rounds: [(with: HandlerScenario.Run, without: HandlerScenario.Run)] = []
        var droppedByBroker: Int64 = 0
        var problems: [String] = []
        var notes: [String] = []
    }

    func run() async throws -> Result {
        var result = Result()
        let scenario = HandlerScenario(context: context)
        for size in context.options.handlerBatchSizes {
            result.runs.append(try await scenario.run(batchSize: size, outbox: true))
        }
        result.best = result.runs.max { $0.rate < $1.rate }
        if let best = result.best {
            for round in 0..<max(1, context.options.outboxRounds) {
                let withFirst = round % 2 == 0
                let first = try await scenario.run(batchSize: best.batchSize, outbox: withFirst)
                let second = try await scenario.run(batchSize: best.batchSize, outbox: !withFirst)
                result.rounds.append(withFirst ? (first, second) : (second, first))
            }
            let ratio = { (pair: (with: HandlerScenario.Run, without: HandlerScenario.Run)) in
                pair.with.rate / max(pair.without.rate, 1e-9)
            }
            if let median = medianRun(result.rounds, rate: ratio) {
                result.withOutbox = median.with
                result.withoutOutbox = median.without
                result.runs.append(median.without)
            }
            if result.rounds.count > 1 {
                let pairs = result.rounds.map {
                    "\(Int($0.with.rate.rounded())) / \(Int($0.without.rate.rounded())) = \(String(format: "%.2f", ratio($0)))"
                }
                let medians = (medianRun(result.rounds.map(\.with), rate: \.rate)?.rate ?? 0)
                    / max(medianRun(result.rounds.map(\.without), rate: \.rate)?.rate ?? 0, 1e-9)
                result.notes.append(
                    "outbox cost: the median of \(result.rounds.count) pairs of runs at batch \(best.batchSize) "
                        + "(with / without, events/s): " + pairs.joined(separator: ", ")
                        + "; the ratio of the two medians: \(String(format: "%.2f", medians))")
            }
        }
        result.droppedByBroker = (try? await context.droppedRecords(topic: context.names.handlerInput)) ?? 0
        if result.droppedByBroker > 0 {
            result.problems.append(
                "the broker dropped \(result.droppedByBroker) input record(s) before they were consumed (retention window exceeded)")
        }
        for run in result.runs where !run.drained {
            result.notes.append("\(run.label): stopped after \(run.events) of \(context.options.handlerEvents) events (time cap); rate is over those")
        }
        return result
    }
}

/// Scenario 3: one relay, then two, each on a freshly filled outbox, `relayRounds` times each: a run
/// drains 100,000 rows in one or two seconds, so single runs swing widely; the median run is reported.
struct RelayStep {
    let context: BenchContext
    static let replicaCounts = [1, 2]

    struct Result: Sendable {
        /// The median run of each replica count.
        var runs: [RelayScenario.Run] = []
        var problems: [String] = []
        var notes: [String] = []
    }

    func run() async throws -> Result {
        var result = Result()
        for replicas in Self.replicaCounts {
            var rounds: [RelayScenario.Run] = []
            for round in 1...max(1, context.options.relayRounds) {
                let run = try await RelayScenario(context: context).run(replicas: replicas, round: round)
                rounds.append(run)
                result.problems.append(contentsOf: Self.problems(of: run))
            }
            guard let median = medianRun(rounds, rate: \.rate) else { continue }
            result.runs.append(median)
            if rounds.count > 1 {
                result.notes.append(
                    "\(median.label): median of \(rounds.count) runs (events/s: "
                        + rounds.map { String(Int($0.rate.rounded())) }.joined(separator: ", ") + ")")
            }
            result.notes.append(
                "\(median.label): \(median.published) rows published \(String(format: "%.2f", median.seconds)) s after "
                    + "the relays started (server clock); \(median.consumed) records read back afterwards to check per-key order")
        }
        return result
    }

    private static func problems(of run: RelayScenario.Run) -> [String] {
        var problems: [String] = []
        if !run.drained {
            problems.append(
                "\(run.label): \(run.published) of \(run.rows) rows published before the deadline, "
                    + "\(run.consumed - run.duplicates) distinct ones read back"
                    + (run.unpublished.map { " (\($0) still unpublished in the outbox)" } ?? ""))
        }
        if run.orderViolations > 0 {
            problems.append("\(run.label): \(run.orderViolations) record(s) arrived out of per-key order")
        }
        if run.droppedByBroker > 0 {
            problems.append("\(run.label): the broker dropped \(run.droppedByBroker) record(s) (retention window exceeded)")
        }
        return problems
    }
}

/// The run with the median rate (the lower middle one of an even count); nil when there are none.
private func medianRun<Run>(_ runs: [Run], rate: (Run) -> Double) -> Run? {
    let sorted = runs.sorted { rate($0) < rate($1) }
    return sorted.isEmpty ? nil : sorted[(sorted.count - 1) / 2]
}
