import Foundation
import LocalStack
import Testing

/// Every command that starts processes (`dev up` in the foreground, `chaos`, `bench`) leaves none
/// behind, however it is ended: Ctrl-C (SIGINT) and SIGTERM stop it within seconds and it stops what
/// it started; SIGKILL, which it cannot handle, takes its processes with it (parent-death signal).
/// What it started is found by the mark in their environment, which outlives parent pids.
@Suite("commands that start processes leave none behind", .serialized)
struct HarnessSignalTests {
    enum Harness: String, CaseIterable, CustomTestStringConvertible {
        case devUp = "dev up"
        case chaos
        case bench

        var testDescription: String { rawValue }

        var arguments: [String] {
            switch self {
            case .devUp: ["dev", "up", "--api-port", "0"]
            // Full forms: long enough to be caught in the middle.
            case .chaos: ["chaos", "--scenario", "consumer-kill"]
            case .bench: ["bench", "--scenarios", "pipeline"]
            }
        }
    }

    /// SIGINT and SIGTERM share one handler in every harness, so chaos and bench each take one of them.
    @Test(arguments: [
        (Harness.devUp, SIGINT), (.devUp, SIGTERM), (.devUp, SIGKILL),
        (.chaos, SIGTERM), (.chaos, SIGKILL), (.bench, SIGINT), (.bench, SIGKILL),
    ])
    func endingItLeavesNoProcessBehind(harness: Harness, signal: Int32) async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        // The bench looks for the topics file from its working directory only.
        let topics = runner.directory.appendingPathComponent("topics")
        try FileManager.default.createDirectory(at: topics, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: ExecutableLocator.sourceCheckout.appendingPathComponent(TopicsFile.relativePath),
            to: topics.appendingPathComponent("topics.json"))
        let command = try BackgroundCommand(runner.binary, harness.arguments, directory: runner.directory, environment: runner.environment)
        // The server, its backends and several services: the harness is in the middle of its work.
        let started = await StartedBy.waitFor(8, of: command.pid, timeout: .seconds(180))
        try #require(started.count >= 8, "\(harness.rawValue) started only \(StartedBy.describe(started)); stderr: \(command.stderr)")
        if harness == .devUp {
            // Stopping a running stack, not an interrupted start (which ends with an error, exit 1).
            let ready = await command.waitForOutput("stops everything", timeout: .seconds(180))
            try #require(ready, "dev up did not get ready: \(command.stdout.suffix(2000))")
        }
        try await Task.sleep(for: .seconds(1))

        let sent = ContinuousClock.now
        command.signal(signal)
        let status = await command.waitForExit(timeout: .seconds(45))
        if status == nil { command.signal(SIGKILL) }
        #expect(status != nil, "\(harness.rawValue) still ran 45 s after signal \(signal)")
        let survivors = await StartedBy.waitUntilNone(of: command.pid, timeout: .seconds(20))
        #expect(survivors.isEmpty, "left running after signal \(signal): \(StartedBy.describe(survivors))")
        for pid in survivors { kill(pid, SIGKILL) }
        guard signal != SIGKILL, let status else { return }
        let took = sent.duration(to: .now)
        #expect(took < .seconds(30), "\(harness.rawValue) took \(took) to stop")
        switch harness {
        case .devUp:
            #expect(status == 0, "stderr: \(command.stderr)")
            #expect(command.stdout.contains("stopped"))
        case .chaos, .bench:
            #expect(status == 128 + signal, "stderr: \(command.stderr)")
            #expect(command.stderr.contains("not done:"), "says what it left undone; stderr: \(command.stderr)")
            #expect(command.stderr.contains("interrupted"), "stderr: \(command.stderr)")
        }
    }
}
