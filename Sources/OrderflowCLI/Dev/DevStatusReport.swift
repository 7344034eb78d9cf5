import Foundation
import LocalStack

/// What `dev status` found: the stack's own phase, each process's state, and the one verdict both
/// the text and `--json` derive from (so the summary line never contradicts the table).
struct DevStatusReport: Encodable {
    struct Process: Encodable {
        var name: String
        var pid: Int32
        var port: Int
        /// `ready`, `not ready`, `exited`.
        var state: String
        var detail: String?
    }

    struct Postgres: Encodable {
        var url: String
        var pid: Int32?
        var running: Bool?
    }

    var running: Bool
    /// `ready`, `degraded` (running, but a process is not ready or gone), `starting`, `stopping`, `stopped`.
    var state: String
    var ready: Bool
    var message: String?
    var pid: Int32?
    var stateDirectory: String?
    var startedAt: Date?
    var broker: String?
    var embeddedBroker: Bool?
    var postgres: Postgres?
    var apiURL: String?
    var apiProcess: String?
    var processes: [Process] = []

    static func notRunning(message: String, orphans: [String]) -> DevStatusReport {
        DevStatusReport(
            running: false, state: "stopped", ready: false, message: message, processes: orphans.map {
                Process(name: $0, pid: 0, port: 0, state: "orphaned", detail: nil)
            })
    }

    static func collect(_ state: DevStackState, directory: DevStateDirectory) async -> DevStatusReport {
        let processes = await withTaskGroup(of: (Int, Process).self) { group in
            for (index, process) in state.processes.enumerated() {
                group.addTask {
                    let base = Process(name: process.name, pid: process.pid, port: process.httpPort, state: "exited", detail: nil)
                    guard ProcessProbe.isAlive(process.pid) else { return (index, base) }
                    var checked = base
                    switch await HTTPReadiness.check(port: process.httpPort, timeout: .seconds(3)) {
                    case .ready:
                        checked.state = "ready"
                    case .notReady(let why):
                        checked.state = "not ready"
                        checked.detail = String(why.prefix(160))
                    }
                    return (index, checked)
                }
            }
            var found: [Int: Process] = [:]
            for await (index, process) in group { found[index] = process }
            return state.processes.indices.compactMap { found[$0] }
        }
        let allReady = processes.allSatisfy { $0.state == "ready" }
        let summary: String
        switch state.phase {
        case .starting: summary = "starting"
        case .stopping: summary = "stopping"
        case .ready: summary = allReady ? "ready" : "degraded"
        }
        let postgres = state.postgres.map { recorded in
            Postgres(url: recorded.url, pid: recorded.pid, running: recorded.pid.map(ProcessProbe.isAlive))
        }
        return DevStatusReport(
            running: true, state: summary, ready: state.phase == .ready && allReady, message: nil, pid: state.pid,
            stateDirectory: directory.base.path, startedAt: state.startedAt, broker: state.broker?.bootstrapServers,
            embeddedBroker: state.broker.map { $0.embeddedBrokers != nil }, postgres: postgres,
            apiURL: state.api?.url, apiProcess: state.api?.process, processes: processes)
    }

    func lines() -> [String] {
        var lines: [String] = []
        let problems = processes.filter { $0.state != "ready" }
        var headline = "dev stack pid \(pid ?? 0), \(state)"
        if state == "degraded" {
            headline += ": " + problems.map { "\($0.name) \($0.state)" }.joined(separator: ", ")
        }
        if let startedAt { headline += ", up since \(startedAt.formatted(date: .omitted, time: .standard))" }
        lines.append(headline)
        if let broker { lines.append("  broker     \(broker)\(embeddedBroker == true ? " (embedded)" : " (outside the stack)")") }
        if let postgres {
            let running = postgres.pid.map { postgres.running == true ? "pid \($0)" : "not running" } ?? "external"
            lines.append("  postgres   \(postgres.url) (\(running))")
        }
        if let apiURL { lines.append("  order API  \(apiURL)/api/v1/orders (\(apiProcess ?? "order#1"))") }
        lines.append("  " + "PROCESS".padding(toLength: 21, withPad: " ", startingAt: 0) + " PID      PORT   STATE")
        for process in processes {
            let name = process.name.padding(toLength: 21, withPad: " ", startingAt: 0)
            let pidText = String(process.pid).padding(toLength: 8, withPad: " ", startingAt: 0)
            let portText = String(process.port).padding(toLength: 6, withPad: " ", startingAt: 0)
            lines.append("  \(name) \(pidText) \(portText) \(process.state)\(process.detail.map { ": \($0)" } ?? "")")
        }
        if state == "degraded" {
            lines.append("`orderflow dev restart <process>` starts a process again; `orderflow dev logs <process>` shows why it stopped")
        }
        return lines
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
