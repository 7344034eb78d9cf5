import Foundation
import LocalStack

/// Processes a command started, found by the mark every one of them carries in its environment
/// (`ORDERFLOW_STARTED_BY=<pid>`, inherited by their own children, such as PostgreSQL's backends).
/// It survives the starter's death, when parent pids no longer lead back to it.
enum StartedBy {
    static func processes(of owner: Int32) -> [Int32] {
        let mark = Data("\(StartedProcesses.ownerVariable)=\(owner)".utf8)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return environment.split(separator: 0).contains { Data($0) == mark } && ProcessProbe.isAlive(pid)
        }
    }

    /// Waits until at least `count` of them run; returns what runs then.
    static func waitFor(_ count: Int, of owner: Int32, timeout: Duration) async -> [Int32] {
        let deadline = ContinuousClock.now + timeout
        var found = processes(of: owner)
        while found.count < count, ContinuousClock.now < deadline, ProcessProbe.isAlive(owner) {
            try? await Task.sleep(for: .milliseconds(250))
            found = processes(of: owner)
        }
        return found
    }

    /// Waits until none of them runs; returns the survivors at the deadline.
    static func waitUntilNone(of owner: Int32, timeout: Duration) async -> [Int32] {
        let deadline = ContinuousClock.now + timeout
        var found = processes(of: owner)
        while !found.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(250))
            found = processes(of: owner)
        }
        return found
    }

    static func describe(_ pids: [Int32]) -> String {
        pids.map { "\($0) \(ProcessProbe.commandLine($0)?.prefix(3).joined(separator: " ") ?? "?")" }.joined(separator: "; ")
    }
}
