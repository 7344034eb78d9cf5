import Foundation

/// The report `orderflow chaos` prints: one table row per scenario, then what each injected and found.
public struct FaultReport: Sendable {
    public var results: [FaultScenarioResult]

    public init(results: [FaultScenarioResult]) { self.results = results }

    public var passed: Bool { !results.isEmpty && results.allSatisfy { $0.verdict == .passed } }

    static let headers = ["scenario", "form", "orders sent", "settled", "lost", "dup. effects", "dead letters exp/act", "recovery", "run time", "result"]

    /// The table as Markdown (it reads as plain text too).
    public var table: String {
        let rows = results.map { result in
            [
                result.scenario.rawValue, result.plan.form.rawValue, "\(result.ordersSent)", "\(result.ordersSettled)",
                "\(result.lost)", "\(result.duplicatedEffects)",
                "\(result.expectedDeadLetters.total)/\(result.actualDeadLetters.total)",
                result.timeToRecover.map(FaultFormat.seconds) ?? "—", FaultFormat.seconds(result.duration),
                result.verdict.rawValue.uppercased(),
            ]
        }
        let widths = Self.headers.indices.map { column in
            ([Self.headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index >= 2 && index <= 8 ? pad + cell : cell + pad
            }.joined(separator: " | ") + " |"
        }
        let rule = "|" + widths.enumerated().map { index, width in
            index >= 2 && index <= 8 ? String(repeating: "-", count: width + 1) + ":" : String(repeating: "-", count: width + 2)
        }.joined(separator: "|") + "|"
        return ([line(Self.headers), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// Per scenario: the faults injected, the notes, every failure, the dead letters by class, the log file.
    public var details: String {
        results.map(Self.details).joined(separator: "\n\n")
    }

    static func details(_ result: FaultScenarioResult) -> String {
        var lines = ["\(result.scenario.rawValue) (\(result.scenario.summary)): \(result.verdict.rawValue)"]
        if !result.faults.isEmpty {
            let shown = result.faults.count > 30 ? Array(result.faults.prefix(30)) + ["… \(result.faults.count - 30) more"] : result.faults
            lines.append("  faults:")
            lines += shown.map { "    \($0)" }
        }
        if !result.actualDeadLetters.counts.isEmpty || !result.expectedDeadLetters.counts.isEmpty {
            lines.append("  dead letters (expected → actual, distinct; \(result.actualDeadLetters.records) records on the topics):")
            let keys = Set(result.actualDeadLetters.counts.keys).union(result.expectedDeadLetters.counts.keys).sorted()
            lines += keys.map { "    \($0): \(result.expectedDeadLetters.counts[$0] ?? 0) → \(result.actualDeadLetters.counts[$0] ?? 0)" }
        }
        lines += result.notes.map { "  note: \($0)" }
        if let oversized = result.oversized {
            lines.append("  oversized value (\(oversized.valueBytes) bytes): dead-lettered: \(oversized.deadLettered ? "yes" : "no"); "
                + "orders sent after it settled: \(oversized.canariesSettled)/\(oversized.canariesSent)"
                + (oversized.canariesSettledAfter.map { " within \(FaultFormat.seconds($0))" } ?? ""))
        }
        if let parkedKey = result.parkedKey { lines += parkedKey.reportLines }
        lines += result.invalidity.map { "  INVALID: \($0)" }
        lines += result.failures.map { "  FAILED: \($0)" }
        if let problem = result.oversized?.problem { lines.append("  FAILED: oversized value: \(problem)") }
        if let problem = result.parkedKey?.problem { lines.append("  FAILED: parked key: \(problem)") }
        if let log = result.logFile { lines.append("  process output: \(log)") }
        return lines.joined(separator: "\n")
    }
}
