#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Every long-running process this process started and that has not ended yet (services, relays, a
/// PostgreSQL server), so a command interrupted in the middle of work that is not its own (a fault
/// scenario, a benchmark) can still stop everything it started before it exits.
public enum StartedProcesses {
    struct Entry: Sendable {
        var label: String
        /// What asks it to stop: SIGTERM for our services, SIGINT (fast shutdown) for PostgreSQL.
        var stopSignal: Int32
    }

    private struct Table {
        var running: [Int32: Entry] = [:]
        /// Set once everything is being stopped: what starts after that is stopped at once.
        var closed = false
    }

    private static let table = Mutex(Table())

    /// Set in every child's environment: `ORDERFLOW_STARTED_BY=<our pid>`. Inherited by what the child
    /// starts in turn (PostgreSQL's backends), so a process left behind can be traced to its starter.
    public static let ownerVariable = "ORDERFLOW_STARTED_BY"

    static var ownerValue: String { String(getpid()) }

    static func add(_ pid: Int32, label: String, stopSignal: Int32 = SIGTERM) {
        let closed = table.withLock { table in
            if !table.closed { table.running[pid] = Entry(label: label, stopSignal: stopSignal) }
            return table.closed
        }
        // Started by work that goes on while we stop (a scenario replacing a process it killed).
        if closed { ProcessProbe.signal(pid, SIGKILL) }
    }

    static func remove(_ pid: Int32) {
        _ = table.withLock { $0.running.removeValue(forKey: pid) }
    }

    /// The labels of what still runs.
    public static var labels: [String] { table.withLock { $0.running.values.map(\.label) }.sorted() }

    /// Asks everything still running to stop, kills what has not after `grace`, and returns the labels
    /// of what had to be killed. Servers (SIGINT stoppers) are asked last, once the clients are gone.
    @discardableResult
    public static func stopAll(grace: Duration) async -> [String] {
        let all = table.withLock { table in
            table.closed = true
            return table.running
        }
        let clients = all.filter { $0.value.stopSignal != SIGINT }
        let servers = all.filter { $0.value.stopSignal == SIGINT }
        var killed: [String] = []
        for group in [clients, servers] where !group.isEmpty {
            for (pid, entry) in group { ProcessProbe.signal(pid, entry.stopSignal) }
            let left = await ProcessProbe.waitUntilGone(Array(group.keys), timeout: grace)
            for pid in left {
                ProcessProbe.signal(pid, SIGKILL)
                killed.append(group[pid]?.label ?? String(pid))
            }
            _ = await ProcessProbe.waitUntilGone(left, timeout: .seconds(5))
        }
        return killed.sorted()
    }

    /// SIGKILL to everything still running, at once (a second Ctrl-C).
    public static func killAll() {
        let pids = table.withLock { table in
            table.closed = true
            return Array(table.running.keys)
        }
        for pid in pids { ProcessProbe.signal(pid, SIGKILL) }
    }
}
