#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Questions about processes by pid, for processes this process did not start (or no longer holds).
public enum ProcessProbe {
    /// True while the process exists and is not a zombie (a dead child nobody reaped yet).
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        #if os(Linux)
        // /proc/<pid>/stat: "pid (comm) S ..." — the state follows the last ')'.
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
           let close = stat.lastIndex(of: ")") {
            let state = stat[stat.index(after: close)...].drop(while: { $0 == " " }).first
            if state == "Z" || state == "X" { return false }
        }
        #endif
        return true
    }

    /// The process's command line (Linux only; nil elsewhere or when it is gone).
    public static func commandLine(_ pid: Int32) -> [String]? {
        #if os(Linux)
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        #else
        return nil
        #endif
    }

    /// Sends a signal; false if the process does not exist (or may not be signalled).
    @discardableResult
    public static func signal(_ pid: Int32, _ signal: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, signal) == 0
    }

    /// Waits until every listed process is gone; returns those still alive at the deadline.
    public static func waitUntilGone(_ pids: [Int32], timeout: Duration) async -> [Int32] {
        let deadline = ContinuousClock.now + timeout
        var alive = pids.filter(isAlive)
        while !alive.isEmpty && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
            alive = alive.filter(isAlive)
        }
        return alive
    }
}
