import Foundation
import LocalStack
import Synchronization
import Testing

@Suite("Child processes")
struct ChildProcessTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var output: ProcessOutput { ProcessOutput { label, line in self.lines.withLock { $0.append("\(label)|\(line)") } } }
        var all: [String] { lines.withLock { $0 } }
    }

    func shell(_ script: String, label: String = "sh") -> ProcessLaunch {
        ProcessLaunch(label: label, executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", script],
                      environment: ["PATH": "/usr/bin:/bin"])
    }

    @Test func everyLineArrivesWithItsLabelInOrder() async throws {
        let lines = Lines()
        let child = try ChildProcess.launch(shell("echo one; echo two >&2; printf three", label: "demo#1"), output: lines.output)
        let exit = await child.waitForExit(timeout: .seconds(10))
        #expect(exit == .exited(0))
        #expect(lines.all == ["demo#1|one", "demo#1|two", "demo#1|three"])
        #expect(child.recentOutput(2) == ["two", "three"])
    }

    @Test func linesArriveWhileTheProcessStillRuns() async throws {
        let lines = Lines()
        let child = try ChildProcess.launch(shell("echo ready; exec sleep 30", label: "slow"), output: lines.output)
        let deadline = ContinuousClock.now + .seconds(5)
        while lines.all.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(lines.all == ["slow|ready"])
        #expect(child.isRunning)
        await child.kill()
    }

    @Test func anExitStatusIsReported() async throws {
        let child = try ChildProcess.launch(shell("exit 3"), output: .discard)
        #expect(await child.waitForExit(timeout: .seconds(10)) == .exited(3))
        #expect(!child.isRunning)
    }

    @Test func stopSendsSIGTERMFirst() async throws {
        let child = try ChildProcess.launch(shell("trap 'echo bye; exit 0' TERM; while :; do sleep 0.05; done"), output: .discard)
        try await Task.sleep(for: .milliseconds(200))
        #expect(await child.stop(gracePeriod: .seconds(5)) == .exited(0))
        #expect(child.recentOutput().last == "bye")
    }

    @Test func stopKillsWhatIgnoresSIGTERM() async throws {
        let child = try ChildProcess.launch(shell("trap '' TERM; while :; do sleep 0.05; done"), output: .discard)
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        #expect(await child.stop(gracePeriod: .milliseconds(300)) == .signalled(SIGKILL))
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(!ProcessProbe.isAlive(child.pid))
    }

    @Test func aMissingProgramFailsToLaunch() {
        let launch = ProcessLaunch(label: "ghost", executable: URL(fileURLWithPath: "/nonexistent/program"), environment: [:])
        #expect(throws: ChildProcessError.self) { try ChildProcess.launch(launch, output: .discard) }
    }
}
