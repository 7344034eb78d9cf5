import Foundation

/// The plain-text table `orderflow bench` prints: every figure with its baseline and their ratio, then
/// each target with its ratio and whether it is met.
public enum BenchTable {
    public static func render(_ report: BenchReport) -> String {
        var lines: [String] = []
        lines.append("orderflow bench \(report.startedAt) (\(report.environment.build) build\(report.quick ? ", quick sizes" : ""))")
        lines.append("machine:  \(report.machine.summary)")
        let pg = report.environment.postgres
        let settings = ["server_version", "fsync", "synchronous_commit", "wal_sync_method", "shared_buffers"]
            .compactMap { key in pg[key].map { "\(key)=\($0)" } }.joined(separator: " ")
        lines.append("postgres: \(settings)")
        lines.append("broker:   \(report.environment.broker)")
        if let topics = report.environment.topics { lines.append("topics:   \(topics)") }
        for name in BenchReport.scenarioOrder {
            guard let scenario = report.scenarios[name] else { continue }
            lines.append("")
            if let skipped = scenario.skipped {
                lines.append("== \(name): skipped (\(skipped))")
                continue
            }
            lines.append("== \(name)" + (scenario.valid ? "" : "  [INVALID]"))
            var rows = [["figure", "value", "unit", "baseline", "baseline value", "ratio"]]
            for figure in scenario.figures {
                rows.append([
                    figure.name, format(figure.value), figure.unit, figure.baseline ?? "-",
                    figure.baselineValue.map(format) ?? "-", figure.ratio.map { String(format: "%.2f", $0) } ?? "-",
                ])
            }
            lines += table(rows, numeric: [1, 4, 5])
            for latency in scenario.latencies {
                lines.append("  latency \(latency.label): p50 \(format(latency.p50)) ms, p95 \(format(latency.p95)) ms, "
                    + "p99 \(format(latency.p99)) ms, max \(format(latency.max)) ms (n=\(latency.count))")
            }
            for problem in scenario.problems { lines.append("  INVALID: \(problem)") }
            for note in scenario.notes { lines.append("  note: \(note)") }
            if let chart = scenario.chart { lines.append("  chart: \(chart)") }
        }
        if !report.targets.isEmpty {
            lines.append("")
            lines.append("== targets")
            var rows = [["target", "ratio", "required", "met", "detail"]]
            for target in report.targets {
                rows.append([
                    target.name, target.ratio.map { String(format: "%.2f", $0) } ?? "n/a",
                    "\(target.comparison) \(format(target.bound))", target.ratio == nil ? "not measured" : target.met ? "yes" : "NO", target.detail,
                ])
            }
            lines += table(rows, numeric: [1])
        }
        lines.append("")
        lines.append(report.valid ? "run valid" : "run INVALID: see the problems above")
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String { ReportAssembler.format(value) }

    /// Left-aligned text columns, right-aligned numeric ones, separated by two spaces.
    static func table(_ rows: [[String]], numeric: Set<Int>) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return numeric.contains(index) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces).withIndent
        }
    }
}

extension String {
    fileprivate var withIndent: String { "  " + self }
}
