import Foundation
import LocalStack

/// Ctrl-C and SIGTERM for commands that run work which is not theirs to stop cleanly (a fault
/// scenario, a benchmark) with processes of their own around it. The first signal ends the run
/// within seconds: every process it started is asked to stop and killed after a short grace, what
/// was left undone is said, and the command exits 130 (SIGINT) or 143 (SIGTERM). A second signal
/// kills what is left at once.
enum HarnessInterrupt {
    /// Time the processes get to stop on their own before they are killed.
    static let grace = Duration.seconds(5)

    static func run(
        _ command: String, undone: @escaping @Sendable () -> [String], _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        let signals = ShutdownSignals.install { _ in
            StartedProcesses.killAll()
            Terminal.err("orderflow: interrupted again; killed what was still running")
            exit(130)
        }
        let work = Task { try await body() }
        let watcher = Task {
            let number = await signals.wait()
            if Task.isCancelled { return }
            let name = number == SIGTERM ? "SIGTERM" : "SIGINT"
            Terminal.err("orderflow: \(command) got \(name): stopping everything it started")
            work.cancel()
            let killed = await StartedProcesses.stopAll(grace: grace)
            if !killed.isEmpty { Terminal.err("orderflow: killed after \(grace): \(killed.joined(separator: ", "))") }
            for line in undone() { Terminal.err("orderflow: not done: \(line)") }
            Terminal.err("orderflow: error: interrupted: \(command) stopped, nothing it started is left running")
            exit(128 + number)
        }
        let outcome = await work.result
        // Once a signal came, the watcher ends the process with its status: the work, cancelled, may
        // return or fail first, and must not exit before it.
        if signals.received != nil {
            while true { try? await Task.sleep(for: .seconds(60)) }
        }
        watcher.cancel()
        try outcome.get()
    }
}
