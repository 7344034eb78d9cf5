import Foundation

/// Turns raw measurements into figures (each with its baseline) and the target checks.
struct ReportAssembler {
    let results: ScenarioResults
    let options: BenchOptions

    private var baselines: BaselinesStep.Result? { results.baselines }
    private var pgbenchTPS: Double? { baselines?.pgbenchHandler?.perSecond }
    private var pgbenchRelay: Double? { baselines?.pgbenchRelay?.perSecond }
    private var producerRate: Double? { baselines?.producer?.rate }

    static let pgbenchHandlerName = "pgbench: handler transaction, 1 client"
    static let pgbenchRelayName = "pgbench: relay SQL, 1 client"
    static let producerName = "raw producer (idempotent)"
    static let consumerName = "raw consumer"

    func scenarios() -> [String: ScenarioResult] {
        var scenarios: [String: ScenarioResult] = [:]
        for name in BenchReport.scenarioOrder {
            guard options.wants(name) else {
                scenarios[name] = .skipped("not selected")
                continue
            }
            switch name {
            case "baselines": scenarios[name] = baselineScenario()
            case "handler": scenarios[name] = handlerScenario()
            case "relay": scenarios[name] = relayScenario()
            case "pipeline": scenarios[name] = pipelineScenario()
            default: scenarios[name] = resourceScenario()
            }
        }
        return scenarios
    }

    private func baselineScenario() -> ScenarioResult {
        var scenario = ScenarioResult()
        guard let baselines else { return .skipped("not run") }
        if let producer = baselines.producer {
            scenario.figures.append(Figure(Self.producerName, producer.rate, unit: "records/s"))
            scenario.series.append(producer.series)
        }
        if let consumer = baselines.consumer {
            scenario.figures.append(Figure(Self.consumerName, consumer.rate, unit: "records/s"))
            scenario.series.append(consumer.series)
        }
        if let latency = baselines.latency {
            scenario.figures.append(Figure("raw produce → consume p50", latency.p50, unit: "ms"))
            scenario.figures.append(Figure("raw produce → consume p99", latency.p99, unit: "ms"))
            scenario.latencies.append(latency)
        }
        if let handler = baselines.pgbenchHandler {
            scenario.figures.append(Figure(Self.pgbenchHandlerName, handler.perSecond, unit: "tx/s"))
        }
        if let relay = baselines.pgbenchRelay {
            scenario.figures.append(Figure(Self.pgbenchRelayName, relay.perSecond, unit: "rows/s"))
            if !relay.rounds.isEmpty {
                scenario.notes.append(
                    "\(Self.pgbenchRelayName): median of \(relay.rounds.count) runs (rows/s: "
                        + relay.rounds.map { Self.format($0) }.joined(separator: ", ") + ")")
            }
        }
        scenario.problems = baselines.problems
        scenario.notes.append("input of the handler scenario filled at \(Self.format(baselines.fillRate)) records/s (\(baselines.handlerInputRecords) records)")
        return scenario
    }

    private func handlerScenario() -> ScenarioResult {
        guard let handler = results.handler else { return .skipped("not run") }
        var scenario = ScenarioResult()
        for run in handler.runs {
            scenario.figures.append(Figure(
                "events/s, \(run.label)", run.rate, unit: "events/s",
                baseline: Self.pgbenchHandlerName, baselineValue: pgbenchTPS))
            scenario.series.append(run.series)
            scenario.latencies.append(run.gaps)
        }
        if let best = handler.best, let first = handler.runs.first(where: { $0.batchSize == 1 && $0.outbox }) {
            scenario.figures.append(Figure(
                "batching gain (batch \(best.batchSize) ÷ batch 1)", best.rate, unit: "events/s",
                baseline: "events/s, batch 1", baselineValue: first.rate))
        }
        if let with = handler.withOutbox, let plain = handler.withoutOutbox {
            let median = handler.rounds.count > 1 ? ", median of \(handler.rounds.count) pairs" : ""
            scenario.figures.append(Figure(
                "outbox cost (with ÷ without, batch \(with.batchSize)\(median))", with.rate, unit: "events/s",
                baseline: "events/s, \(plain.label)", baselineValue: plain.rate))
        }
        if let best = handler.best, let consumer = baselines?.consumer {
            scenario.figures.append(Figure(
                "best handler rate vs raw consumer", best.rate, unit: "events/s",
                baseline: Self.consumerName, baselineValue: consumer.rate))
        }
        scenario.problems = handler.problems
        scenario.notes = handler.notes
        return scenario
    }

    private func relayScenario() -> ScenarioResult {
        guard let relay = results.relay else { return .skipped("not run") }
        var scenario = ScenarioResult()
        for run in relay.runs {
            scenario.figures.append(Figure(
                "events/s, \(run.label)", run.rate, unit: "events/s", baseline: Self.pgbenchRelayName, baselineValue: pgbenchRelay))
            scenario.figures.append(Figure(
                "events/s, \(run.label) vs producer", run.rate, unit: "events/s", baseline: Self.producerName,
                baselineValue: producerRate))
            scenario.figures.append(Figure("per-key order violations, \(run.label)", Double(run.orderViolations), unit: "records"))
            scenario.figures.append(Figure("duplicates, \(run.label)", Double(run.duplicates), unit: "records"))
            scenario.series.append(run.series)
        }
        scenario.problems = relay.problems
        scenario.notes = relay.notes
        return scenario
    }

    private func pipelineScenario() -> ScenarioResult {
        guard let pipeline = results.pipeline else { return .skipped("not run") }
        if let skipped = pipeline.skipped { return .skipped(skipped) }
        var scenario = ScenarioResult()
        let latency = Self.format(Double(pipeline.providerLatency.components.seconds) * 1000
            + Double(pipeline.providerLatency.components.attoseconds) / 1e15)
        if let rate = pipeline.maxSustainableRate {
            scenario.figures.append(Figure(
                "max sustainable rate, payment provider at \(latency) ms", rate, unit: "orders/s",
                baseline: pipeline.maxSustainableRateWithoutProviderLatency == nil ? nil : "provider at 0 ms",
                baselineValue: pipeline.maxSustainableRateWithoutProviderLatency))
        }
        if let latency = pipeline.latency {
            let raw = baselines?.latency
            for (name, value, base) in [("p50", latency.p50, raw?.p50), ("p95", latency.p95, raw?.p95),
                                        ("p99", latency.p99, raw?.p99), ("max", latency.max, raw?.max)] {
                scenario.figures.append(Figure(
                    "saga latency \(name) at 50% load", value, unit: "ms",
                    baseline: "\(pipeline.hops) hops × raw produce → consume \(name)", baselineValue: base.map { $0 * Double(pipeline.hops) }))
            }
            scenario.latencies.append(latency)
            if let raw { scenario.latencies.append(raw) }
        }
        scenario.series = pipeline.series
        scenario.problems = pipeline.problems
        scenario.notes = pipeline.notes
        return scenario
    }

    private func resourceScenario() -> ScenarioResult {
        var scenario = ScenarioResult()
        scenario.notes.append("CPU seconds per 1,000 events (orders for the pipeline); peak RSS in MiB of the process")
        let consumerUsage = baselines?.consumer?.usage
        let producerUsage = baselines?.producer?.usage
        if let best = results.handler?.best {
            add(&scenario, "handler \(best.label)", best.usage, clientBaseline: consumerUsage.map { (Self.consumerName, $0) })
            if let pgbench = baselines?.pgbenchHandler, let cpu = pgbench.serverCPU, pgbench.transactions > 0,
               let server = best.usage.serverCPU {
                scenario.figures.append(Figure(
                    "handler \(best.label): database server CPU s/1k", best.usage.perThousand(server), unit: "s",
                    baseline: "\(Self.pgbenchHandlerName): server CPU s/1k tx", baselineValue: cpu * 1000 / Double(pgbench.transactions)))
            }
        }
        for run in results.relay?.runs ?? [] {
            add(&scenario, "relay \(run.label)", run.usage, clientBaseline: producerUsage.map { (Self.producerName, $0) })
        }
        for (process, usage) in (results.pipeline?.usage ?? [:]).sorted(by: { $0.key < $1.key }) {
            scenario.figures.append(Figure("pipeline \(process): CPU s/1k orders", usage.perThousand(usage.clientCPU), unit: "s"))
            scenario.figures.append(Figure("pipeline \(process): peak RSS", usage.peakRSSMiB, unit: "MiB"))
        }
        if scenario.figures.isEmpty { return .skipped("no scenario measured resources") }
        return scenario
    }

    private func add(_ scenario: inout ScenarioResult, _ name: String, _ usage: RunUsage, clientBaseline: (String, RunUsage)?) {
        scenario.figures.append(Figure(
            "\(name): client CPU s/1k", usage.perThousand(usage.clientCPU), unit: "s",
            baseline: clientBaseline.map { "\($0.0): client CPU s/1k" },
            baselineValue: clientBaseline.map { $0.1.perThousand($0.1.clientCPU) }))
        if let broker = usage.brokerCPU {
            scenario.figures.append(Figure("\(name): broker CPU s/1k", usage.perThousand(broker), unit: "s"))
        }
        if let backend = usage.databaseBackendCPU {
            scenario.figures.append(Figure("\(name): its database backend CPU s/1k", usage.perThousand(backend), unit: "s"))
        }
        scenario.figures.append(Figure("\(name): bench process peak RSS", usage.peakRSSMiB, unit: "MiB"))
    }

    func targets() -> [TargetCheck] {
        var checks: [TargetCheck] = []
        if let handler = results.handler, let best = handler.best {
            checks.append(TargetCheck(
                name: "handler events/s (best batch) ÷ pgbench single-event tx/s",
                ratio: pgbenchTPS.map { best.rate / $0 }, comparison: ">=", bound: 10,
                detail: "\(Self.format(best.rate)) events/s at batch \(best.batchSize) vs \(pgbenchTPS.map(Self.format) ?? "n/a") tx/s"))
            let first = handler.runs.first { $0.batchSize == 1 && $0.outbox }
            checks.append(TargetCheck(
                name: "batching gain (best batch ÷ batch 1)",
                ratio: first.map { best.rate / max($0.rate, 1e-9) }, comparison: ">=", bound: 5,
                detail: "\(Self.format(best.rate)) vs \(first.map { Self.format($0.rate) } ?? "n/a") events/s"))
            checks.append(TargetCheck(
                name: "outbox writes cost (with ÷ without)",
                ratio: handler.withOutbox.flatMap { with in handler.withoutOutbox.map { with.rate / max($0.rate, 1e-9) } },
                comparison: ">=", bound: 0.92,
                detail: "\(handler.withOutbox.map { Self.format($0.rate) } ?? "n/a") vs "
                    + "\(handler.withoutOutbox.map { Self.format($0.rate) } ?? "n/a") events/s"
                    + (handler.rounds.count > 1 ? " (the median of \(handler.rounds.count) pairs of runs)" : "")))
            let consumer = baselines?.consumer?.usage
            let perEvent = best.usage.perThousand(best.usage.clientCPU)
            let rawPerEvent = consumer.map { $0.perThousand($0.clientCPU) }
            checks.append(TargetCheck(
                name: "handler client CPU per event ÷ raw consumer's (best batch)",
                ratio: rawPerEvent.flatMap { $0 > 0 ? perEvent / $0 : nil }, comparison: "<=", bound: 4,
                detail: "\(Self.format(perEvent * 1000)) µs vs \(rawPerEvent.map { Self.format($0 * 1000) } ?? "n/a") µs per event"))
        }
        if let relay = results.relay?.runs.first(where: { $0.replicas == 1 }) {
            checks.append(TargetCheck(
                name: "relay events/s (1 relay) ÷ pgbench relay SQL rows/s",
                ratio: pgbenchRelay.map { relay.rate / $0 }, comparison: ">=", bound: 1.5,
                detail: "\(Self.format(relay.rate)) vs \(pgbenchRelay.map(Self.format) ?? "n/a") rows/s"))
            checks.append(TargetCheck(
                name: "relay events/s (1 relay) ÷ raw producer records/s",
                ratio: producerRate.map { relay.rate / $0 }, comparison: ">=", bound: 0.6,
                detail: "\(Self.format(relay.rate)) vs \(producerRate.map(Self.format) ?? "n/a") records/s"))
        }
        if let pipeline = results.pipeline, pipeline.skipped == nil, pipeline.providerLatency > .zero {
            let with = pipeline.maxSustainableRate
            let without = pipeline.maxSustainableRateWithoutProviderLatency
            let latency = Self.format(Double(pipeline.providerLatency.components.seconds) * 1000
                + Double(pipeline.providerLatency.components.attoseconds) / 1e15)
            checks.append(TargetCheck(
                name: "pipeline rate, provider at \(latency) ms ÷ at 0 ms",
                ratio: with.flatMap { with in without.map { with / max($0, 1e-9) } }, comparison: ">=", bound: 0.8,
                detail: "\(with.map(Self.format) ?? "n/a") vs \(without.map(Self.format) ?? "n/a") orders/s"))
        }
        if let pipeline = results.pipeline, pipeline.skipped == nil {
            let raw = baselines?.latency?.p99
            checks.append(TargetCheck(
                name: "saga p99 at 50% load ÷ (hops × raw produce → consume p99)",
                ratio: pipeline.latency.flatMap { latency in raw.map { latency.p99 / max($0 * Double(pipeline.hops), 1e-9) } },
                comparison: "<=", bound: 1.5,
                detail: "\(pipeline.latency.map { Self.format($0.p99) } ?? "n/a") ms vs \(pipeline.hops) × \(raw.map(Self.format) ?? "n/a") ms"))
        }
        return checks
    }

    static func format(_ value: Double) -> String {
        if value >= 100 { return String(format: "%.0f", value) }
        if value >= 10 { return String(format: "%.1f", value) }
        return String(format: "%.3g", value)
    }
}
