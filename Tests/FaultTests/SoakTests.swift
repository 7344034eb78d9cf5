@testable import FaultSuite
import Foundation
import Testing

@Suite("Soak", .serialized)
struct SoakTests {
    /// The 2-minute form of `make soak`: kills, a PostgreSQL restart, a provider outage, samples, and every check.
    @Test("two minutes under load with kills, a PostgreSQL restart and a provider outage: nothing grows, lag comes back, invariants hold")
    func shortSoak() async throws {
        try await FaultTestEnvironment.withOwnServer { server in
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-soak-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: output) }
            let plan = SoakPlan(duration: .seconds(120), rate: 20)
            let result = await SoakRunner(environment: try FaultTestEnvironment.environment(.managed(server)), output: output).run(plan)
            print(result.text)
            #expect(result.passed, "\(result.text)")
            #expect(result.ordersPublished >= 20 * 100 && result.ordersSettled == result.ordersPublished)
            #expect(result.faults.contains { $0.contains("SIGKILL") } && result.faults.contains { $0.contains("PostgreSQL stopped") })
            #expect(result.faults.contains { $0.contains("payment provider down for 8") } && result.faults.contains { $0.contains("payment provider back") },
                    "\(result.faults)")
            let csv = try String(contentsOfFile: try #require(result.csvFile), encoding: .utf8)
            #expect(csv.hasPrefix("seconds,process,pid,rss_kib,open_files,threads,consumer_lag,outbox_backlog"))
            #expect(csv.split(separator: "\n").count > 20 * 10)
            let chart = try String(contentsOfFile: try #require(result.chartFile), encoding: .utf8)
            #expect(chart.contains("<polyline") && chart.contains("stroke-dasharray"))
        }
    }

    @Test("the fitted slope is per minute, and a restarted process is fitted on its last life only")
    func trend() throws {
        let rising = (0..<10).map { (x: Double($0) * 10, y: 1_000 + Double($0) * 50) }
        #expect(SoakTrend.slopePerMinute(rising) == 300)
        #expect(SoakTrend.slopePerMinute([(x: 0, y: 1), (x: 10, y: 2)]) == nil)
        func figures(_ pid: Int32, _ rss: Int) -> SoakSample.ProcessFigures {
            SoakSample.ProcessFigures(pid: pid, residentKilobytes: rss, openFiles: 20, threads: 8)
        }
        let series = (0..<12).map { index in (at: Double(index) * 10, figures: figures(index < 3 ? 1 : 2, 40_000)) }
        let window = try #require(SoakTrend.fittedWindow(series, runSeconds: 120))
        #expect(window.allSatisfy { $0.figures.pid == 2 } && window.first?.at == 60)
        #expect(SoakTrend.fittedWindow(Array(series.suffix(2)), runSeconds: 120) == nil)
    }

    @Test("growth over the bound and lag that does not come back after a fault are problems")
    func findings() {
        var plan = SoakPlan(duration: .seconds(120), rate: 30)
        plan.recoveryWindow = .seconds(30)
        let samples = (0..<24).map { index -> SoakSample in
            let at = Double(index) * 5
            let leaking = SoakSample.ProcessFigures(pid: 7, residentKilobytes: 40_000 + index * 1_000, openFiles: 30, threads: 9)
            let steady = SoakSample.ProcessFigures(pid: 8, residentKilobytes: 40_000 + (index % 2) * 100, openFiles: 30, threads: 9)
            // Lag jumps after the fault at 60 s and stays up.
            let lag: Int64 = at > 60 ? 10_000 : 10
            return SoakSample(at: at, processes: ["payment#1": leaking, "order#1": steady], consumerLag: lag, outboxBacklog: 0, ordersPublished: index * 150)
        }
        let findings = SoakFindings(samples: samples, faults: [60], plan: plan, runSeconds: 120)
        #expect(findings.problems.contains { $0.hasPrefix("payment#1: resident memory") })
        #expect(!findings.problems.contains { $0.hasPrefix("order#1") })
        #expect(findings.problems.contains { $0.contains("never came back") && $0.contains("60") })
    }
}
