#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// The `postgres` server as a child of ours (not a daemon `pg_ctl start` leaves behind): it gets the
/// parent-death signal SIGINT (PostgreSQL's fast shutdown), so it stops when we die, however we die.
/// It runs in a process group of its own so a terminal's Ctrl-C reaches us first and we stop it last,
/// after its clients. Its output is appended to the server log.
final class ServerProcess: Sendable {
    let pid: Int32
    private let exit = Mutex<ProcessExit?>(nil)

    private init(pid: Int32) { self.pid = pid }

    static func start(
        _ postgres: URL, arguments: [String], user: String?, fallbackRunAs: [String], logFile: URL
    ) throws(LocalPostgresError) -> ServerProcess {
        let command = ParentDeath.command(postgres.path, arguments, signal: "INT", user: user, fallbackRunAs: fallbackRunAs)
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C.UTF-8"
        environment[StartedProcesses.ownerVariable] = StartedProcesses.ownerValue
        let pid: Int32
        do {
            pid = try SpawnedCommand.spawn(
                command.executable, command.arguments, environment: environment, outputPath: logFile.path,
                appendOutput: true, ownProcessGroup: true)
        } catch {
            throw .toolFailed(tool: "postgres", exit: "could not start", output: [error.description])
        }
        let server = ServerProcess(pid: pid)
        StartedProcesses.add(pid, label: "postgres", stopSignal: SIGINT)
        Task.detached {
            let ended = await SpawnedCommand.waitForExit(pid)
            server.exit.withLock { $0 = ended }
            StartedProcesses.remove(pid)
        }
        return server
    }

    var exited: ProcessExit? { exit.withLock { $0 } }

    /// Waits until the server has ended and been reaped; false if it still runs at the deadline.
    func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while exited == nil {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}
