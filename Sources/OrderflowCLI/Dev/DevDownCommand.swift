import ArgumentParser
import Foundation
import LocalStack

/// `orderflow dev down`: stops the running dev stack and waits until every process of it is gone.
struct DevDownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop the dev stack started by `orderflow dev up` and wait until all its processes are gone.",
        discussion: """
            Signals the `dev up` process (its pid is in .orderflow/dev/pid), which stops every service and relay \
            gracefully. Processes left behind by a `dev up` that was killed are stopped directly. Nothing \
            running is not an error. Finds the stack like `dev status` does (this folder or a parent, \
            ORDERFLOW_DEV_DIR, else the stack `dev up` last started).
            """)

    @Option(help: "Seconds to wait for a graceful stop before killing what is left.")
    var timeout: Int = 60

    func validate() throws {
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout \(timeout): must be 1-3600 seconds") }
    }

    mutating func run() async throws {
        let (directory, origin) = DevStackPointer.locate()
        if let origin, directory.runningPID() != nil { say("dev stack in \(directory.base.path) (found through \(origin))") }
        let stopped = await Self.stop(directory, timeout: .seconds(timeout))
        say(stopped == 0 ? "no dev stack is running" : "dev stack stopped")
    }

    /// Stops the stack of `directory` and what a killed `dev up` of it left; returns how many processes
    /// (the `dev up` one included) were still running.
    static func stop(_ directory: DevStateDirectory, timeout: Duration) async -> Int {
        let state = directory.readState()
        let leftovers = LeftoverProcesses(state: state)
        var stopped = 0
        if let pid = directory.runningPID() {
            ProcessProbe.signal(pid, SIGTERM)
            let alive = await ProcessProbe.waitUntilGone([pid], timeout: timeout)
            if !alive.isEmpty {
                say("the dev stack (pid \(pid)) did not stop within \(timeout); killing it")
                ProcessProbe.signal(pid, SIGKILL)
                _ = await ProcessProbe.waitUntilGone([pid], timeout: .seconds(10))
            }
            stopped += 1
        }
        stopped += await leftovers.stop(timeout: timeout)
        DevStackPointer.withdraw(directory)
        directory.clear()
        return stopped
    }
}

/// Processes of a stack whose `dev up` is gone (killed): the services, relays and local Postgres it
/// recorded, each checked to still be that program before it is signalled.
struct LeftoverProcesses {
    var children: [(pid: Int32, program: String)] = []
    var postgres: Int32?

    init(state: DevStackState?) {
        guard let state else { return }
        children = state.processes.map { ($0.pid, $0.id.executable) }
        postgres = state.postgres?.pid
    }

    private func alive() -> (children: [Int32], postgres: Int32?) {
        let children = children.filter { ProcessProbe.isAlive($0.pid) && Self.runs($0.pid, $0.program) }.map(\.pid)
        let postgres = postgres.flatMap { ProcessProbe.isAlive($0) && Self.runs($0, "postgres") ? $0 : nil }
        return (children, postgres)
    }

    private static func runs(_ pid: Int32, _ program: String) -> Bool {
        guard let arguments = ProcessProbe.commandLine(pid), let first = arguments.first else { return true }
        return first.hasSuffix(program)
    }

    /// Stops them (services and relays first, then the server); returns how many were still running.
    func stop(timeout: Duration) async -> Int {
        let (children, postgres) = alive()
        if children.isEmpty && postgres == nil { return 0 }
        let relays = Set(self.children.filter { $0.program == PipelineService.relayExecutable }.map(\.pid))
        for pid in children { ProcessProbe.signal(pid, SIGTERM) }
        // Relays get the dev stack's short grace: they only republish what a kill interrupts.
        let services = children.filter { !relays.contains($0) }
        let stubborn = await ProcessProbe.waitUntilGone(children.filter(relays.contains), timeout: min(timeout, .seconds(5)))
            + ProcessProbe.waitUntilGone(services, timeout: timeout)
        for pid in stubborn { ProcessProbe.signal(pid, SIGKILL) }
        _ = await ProcessProbe.waitUntilGone(stubborn, timeout: .seconds(10))
        if let postgres {
            // SIGINT is PostgreSQL's fast shutdown; SIGQUIT its immediate one.
            ProcessProbe.signal(postgres, SIGINT)
            let left = await ProcessProbe.waitUntilGone([postgres], timeout: timeout)
            for pid in left { ProcessProbe.signal(pid, SIGQUIT) }
            _ = await ProcessProbe.waitUntilGone(left, timeout: .seconds(10))
        }
        return children.count + (postgres == nil ? 0 : 1)
    }
}
