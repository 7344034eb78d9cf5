import Foundation
import Testing

/// Ctrl-C in the middle of a command: one line, exit 130, no crash (tail, which follows until
/// stopped, ends with exit 0: see TailTests).
@Suite struct InterruptTests {
    @Test func interruptingProduceStopsAndSummarises() async throws {
        let broker = try TestBroker.start()
        let run = try await CLIRun.orderflow(
            ["orders", "produce", "--count", "100000", "--rate", "20", "--brokers", broker.servers], interruptAfter: 3)
        #expect(run.status == 130)
        #expect(run.stderrLines.last?.hasPrefix("orderflow: error: interrupted:") == true, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("acknowledged, 0 failed"), "summary of what was sent: \(run.stdout)")
    }
}
