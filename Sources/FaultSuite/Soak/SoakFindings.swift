/// What the samples say: a process that grows, or lag and backlog that do not come back after a fault.
struct SoakFindings: Sendable {
    var problems: [String] = []
    var notes: [String] = []

    init(samples: [SoakSample], faults: [Double], plan: SoakPlan, runSeconds: Double) {
        checkGrowth(samples, plan.bounds, runSeconds: runSeconds)
        checkRecovery(samples, faults: faults, plan: plan)
    }

    private mutating func checkGrowth(_ samples: [SoakSample], _ bounds: SoakBounds, runSeconds: Double) {
        let names = Set(samples.flatMap(\.processes.keys)).sorted()
        for name in names {
            let series = samples.compactMap { sample in sample.processes[name].map { (at: sample.at, figures: $0) } }
            guard let window = SoakTrend.fittedWindow(series, runSeconds: runSeconds) else {
                notes.append("\(name): restarted too late in the run to fit a trend")
                continue
            }
            let checks: [(String, Double, (SoakSample.ProcessFigures) -> Int)] = [
                ("resident memory (KiB/min)", bounds.residentKilobytesPerMinute, \.residentKilobytes),
                ("open files (/min)", bounds.openFilesPerMinute, \.openFiles),
                ("threads (/min)", bounds.threadsPerMinute, \.threads),
            ]
            var slopes: [String] = []
            for (what, bound, value) in checks {
                guard let slope = SoakTrend.slopePerMinute(window.map { (x: $0.at, y: Double(value($0.figures))) }) else { continue }
                slopes.append("\(what.split(separator: " ").first ?? "") \(Self.format(slope))")
                if slope > bound {
                    problems.append("\(name): \(what) grew by \(Self.format(slope)) over its last \(window.count) samples (bound \(Self.format(bound)))")
                }
            }
            notes.append("\(name): slopes per minute \(slopes.joined(separator: ", "))")
        }
    }

    /// After each fault, and after the last order was published, lag and backlog come back under the
    /// bounds within the recovery window.
    private mutating func checkRecovery(_ samples: [SoakSample], faults: [Double], plan: SoakPlan) {
        let window = Double(plan.recoveryWindow / .milliseconds(1)) / 1000
        func load(_ sample: SoakSample) -> Int64 { (sample.consumerLag ?? .max / 2) + Int64(sample.outboxBacklog ?? .max / 2) }
        func settled(_ sample: SoakSample) -> Bool {
            (sample.consumerLag ?? .max) <= plan.bounds.settledLag && (sample.outboxBacklog ?? .max) <= plan.bounds.settledBacklog
        }
        for fault in faults {
            // Lag builds up after a fault (a killed replica's partitions wait for the rebalance), so
            // recovery is timed from the worst sample of the window, not from the first quiet one.
            let inWindow = samples.filter { $0.at > fault && $0.at <= fault + window }
            let peak = inWindow.max { load($0) < load($1) }?.at ?? fault
            guard let recovered = samples.first(where: { $0.at >= peak && settled($0) }) else {
                problems.append("lag or backlog never came back under \(plan.bounds.settledLag)/\(plan.bounds.settledBacklog) after the fault at \(Self.format(fault)) s")
                continue
            }
            if recovered.at - fault > window {
                problems.append("lag and backlog took \(Self.format(recovered.at - fault)) s to come back after the fault at \(Self.format(fault)) s (allowed \(Self.format(window)) s)")
            } else {
                notes.append("fault at \(Self.format(fault)) s: lag and backlog back under bounds \(Self.format(recovered.at - fault)) s later")
            }
        }
    }

    static func format(_ value: Double) -> String {
        abs(value) >= 100 ? String(Int(value.rounded())) : String((value * 10).rounded() / 10)
    }
}
