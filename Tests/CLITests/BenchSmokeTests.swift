import Foundation
import Testing

/// `orderflow bench --quick` end to end: it runs every scenario at tiny sizes, prints the table and
/// writes a JSON report with every scenario's key. No timing is asserted: the suite runs on busy machines.
@Suite(.timeLimit(.minutes(3)))
struct BenchSmokeTests {
    @Test func quickRunPrintsTheTableAndWritesTheReport() throws {
        guard let databaseURL = ProcessInfo.processInfo.environment["ORDERFLOW_TEST_DATABASE_URL"] else {
            Issue.record("ORDERFLOW_TEST_DATABASE_URL is not set: run the tests through scripts/with-postgres.sh")
            return
        }
        let binary = try #require(BenchBinary.orderflow, "the orderflow executable is not next to the test bundle; build it first")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("bench-smoke-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }

        let result = try BenchBinary.run(binary, ["bench", "--quick", "--database-url", databaseURL, "--output", output.path])
        #expect(result.status == 0, "orderflow bench exited \(result.status): \(result.stderr.suffix(3000))")
        for heading in ["== baselines", "== handler", "== relay", "== pipeline", "== resources", "== targets"] {
            #expect(result.stdout.contains(heading), "table lacks \(heading)")
        }
        #expect(result.stdout.contains("fsync="), "table does not state the database settings")

        let files = try FileManager.default.contentsOfDirectory(atPath: output.path)
        let json = try #require(files.first { $0.hasSuffix(".json") }, "no JSON report in \(files)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent(json))) as? [String: Any]
        let scenarios = try #require(report?["scenarios"] as? [String: Any])
        #expect(Set(scenarios.keys) == ["baselines", "handler", "relay", "pipeline", "resources"])
        let handler = try #require(scenarios["handler"] as? [String: Any])
        let figures = try #require(handler["figures"] as? [[String: Any]])
        #expect(figures.contains { ($0["baseline"] as? String)?.hasPrefix("pgbench") == true }, "handler figures lack their pgbench baseline")
        #expect((report?["targets"] as? [Any])?.isEmpty == false)
        #expect(files.contains { $0.hasSuffix("-handler.svg") }, "no handler chart in \(files)")

        // The relay's rows were all read back and checked, and the latency run waited for an idle stack.
        let relay = try #require(scenarios["relay"] as? [String: Any])
        let relayFigures = try #require(relay["figures"] as? [[String: Any]])
        #expect(relayFigures.contains { $0["name"] as? String == "per-key order violations, 1 relay" && $0["value"] as? Double == 0 })
        #expect((relay["notes"] as? [String])?.contains { $0.contains("read back afterwards") } == true, "\(relay)")
        let pipeline = try #require(scenarios["pipeline"] as? [String: Any])
        #expect((pipeline["notes"] as? [String])?.contains { $0.contains("every group had caught up") } == true, "\(pipeline)")
        #expect((pipeline["problems"] as? [String])?.contains { $0.contains("still busy") } != true, "\(pipeline)")
    }
}
