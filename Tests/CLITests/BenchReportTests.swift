@testable import Bench
import Foundation
import Testing

/// The report's arithmetic and rendering, without running anything.
struct BenchReportTests {
    @Test func figureRatioIsValueOverBaseline() {
        #expect(Figure("x", 50, unit: "events/s", baseline: "b", baselineValue: 10).ratio == 5)
        #expect(Figure("x", 50, unit: "events/s").ratio == nil)
        #expect(Figure("x", 50, unit: "events/s", baseline: "b", baselineValue: 0).ratio == nil)
    }

    @Test func targetsCompareInTheirDirection() {
        #expect(TargetCheck(name: "t", ratio: 5.0, comparison: ">=", bound: 5, detail: "").met)
        #expect(!TargetCheck(name: "t", ratio: 4.99, comparison: ">=", bound: 5, detail: "").met)
        #expect(TargetCheck(name: "t", ratio: 1.4, comparison: "<=", bound: 1.5, detail: "").met)
        #expect(!TargetCheck(name: "t", ratio: 1.6, comparison: "<=", bound: 1.5, detail: "").met)
        #expect(!TargetCheck(name: "t", ratio: nil, comparison: ">=", bound: 0.1, detail: "").met)
    }

    @Test func tablePrintsFiguresBaselinesRatiosAndTargets() {
        var report = BenchReport(
            startedAt: "20260101T000000Z", quick: true,
            machine: MachineInfo(cpu: "Test CPU", cores: 2, memoryGiB: 24, os: "Test OS", kernel: "6.0"),
            environment: BenchEnvironment(build: "release", broker: "dev broker", postgres: ["fsync": "on"], sizes: [:]))
        var handler = ScenarioResult()
        handler.figures = [Figure("events/s, batch 200", 2500, unit: "events/s", baseline: "pgbench", baselineValue: 400)]
        report.scenarios["handler"] = handler
        var relay = ScenarioResult()
        relay.problems = ["1 relay: 10 of 20 rows reached the topic"]
        report.scenarios["relay"] = relay
        report.targets = [
            TargetCheck(name: "handler vs pgbench", ratio: 6.25, comparison: ">=", bound: 5, detail: ""),
            TargetCheck(name: "saga vs raw hops", ratio: nil, comparison: "<=", bound: 1.5, detail: ""),
        ]
        let table = BenchTable.render(report)
        // A target whose baseline was not run (--scenarios) is not measured, rather than missed.
        #expect(table.split(separator: "\n").contains { $0.contains("saga vs raw hops") && $0.contains("not measured") && !$0.contains("NO") })
        #expect(table.contains("events/s, batch 200"))
        #expect(table.contains("2500"))
        #expect(table.contains("6.25"))
        #expect(table.contains("fsync=on"))
        #expect(table.contains("== relay  [INVALID]"))
        #expect(table.contains("run INVALID"))
    }

    @Test func reportJSONCarriesValidityAndRatios() throws {
        var report = BenchReport(
            startedAt: "s", quick: false, machine: MachineInfo(cpu: "c", cores: 1, memoryGiB: 1, os: "o", kernel: "k"),
            environment: BenchEnvironment(build: "release", broker: "b", postgres: [:], sizes: [:]))
        var scenario = ScenarioResult()
        scenario.figures = [Figure("f", 10, unit: "u", baseline: "b", baselineValue: 4)]
        report.scenarios["handler"] = scenario
        let object = try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any]
        #expect(object?["valid"] as? Bool == true)
        let figures = ((object?["scenarios"] as? [String: Any])?["handler"] as? [String: Any])?["figures"] as? [[String: Any]]
        #expect(figures?.first?["ratio"] as? Double == 2.5)
        let decoded = try JSONDecoder().decode(BenchReport.self, from: report.jsonData())
        #expect(decoded.scenarios["handler"]?.figures.first?.value == 10)
    }

    @Test func chartHasAPolylinePerSeriesAndBarsPerPercentile() {
        var scenario = ScenarioResult()
        scenario.series = [ThroughputSeries(label: "a", intervalSeconds: 0.25, rates: [10, 20, 30]),
                           ThroughputSeries(label: "b <2>", intervalSeconds: 0.25, rates: [5, 5])]
        scenario.latencies = [LatencySummary(label: "l", count: 10, p50: 1, p95: 2, p99: 3, max: 4)]
        let svg = BenchChart.svg(title: "t", scenario: scenario)
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "<rect x=").count - 1 >= 4)
        #expect(svg.contains("b &lt;2&gt;"))
    }
}
