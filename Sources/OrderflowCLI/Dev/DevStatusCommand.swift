import ArgumentParser
import Foundation
import LocalStack

/// `orderflow dev status`: which processes of the dev stack run, with pids and readiness.
struct DevStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the processes of the dev stack with their pids, ports and readiness.",
        discussion: "Exit status: 0 when the stack runs and every process is ready, 1 otherwise.")

    mutating func run() async throws {
        let directory = DevStateDirectory.current()
        guard let pid = directory.runningPID(), let state = directory.readState(), state.pid == pid else {
            let orphans = directory.readState()?.processes.filter { ProcessProbe.isAlive($0.pid) } ?? []
            if orphans.isEmpty {
                say("no dev stack is running (start one with `orderflow dev up`)")
            } else {
                say("no dev stack is running, but \(orphans.count) of its processes are (its `dev up` was killed); `orderflow dev down` stops them")
            }
            throw ExitCode(1)
        }
        say("dev stack pid \(pid), \(state.phase.rawValue), up since \(state.startedAt.formatted(date: .omitted, time: .standard))")
        if let broker = state.broker {
            say("  broker     \(broker.bootstrapServers)\(broker.embeddedBrokers == nil ? " (external)" : " (embedded)")")
        }
        if let postgres = state.postgres {
            let running = postgres.pid.map { ProcessProbe.isAlive($0) ? "pid \($0)" : "not running" } ?? "external"
            say("  postgres   \(postgres.url) (\(running))")
        }
        let answers = await withTaskGroup(of: (Int, String).self) { group in
            for (index, process) in state.processes.enumerated() {
                group.addTask {
                    guard ProcessProbe.isAlive(process.pid) else { return (index, "exited") }
                    switch await HTTPReadiness.check(port: process.httpPort, timeout: .seconds(3)) {
                    case .ready: return (index, "ready")
                    case .notReady(let why): return (index, "not ready: \(why.prefix(120))")
                    }
                }
            }
            var answers: [Int: String] = [:]
            for await (index, answer) in group { answers[index] = answer }
            return answers
        }
        say("  " + "PROCESS".padding(toLength: 21, withPad: " ", startingAt: 0) + " PID      PORT   STATE")
        for (index, process) in state.processes.enumerated() {
            let name = process.name.padding(toLength: 21, withPad: " ", startingAt: 0)
            let pidText = String(process.pid).padding(toLength: 8, withPad: " ", startingAt: 0)
            let portText = String(process.httpPort).padding(toLength: 6, withPad: " ", startingAt: 0)
            say("  \(name) \(pidText) \(portText) \(answers[index] ?? "unknown")")
        }
        if state.phase != .ready || answers.values.contains(where: { $0 != "ready" }) { throw ExitCode(1) }
    }
}
