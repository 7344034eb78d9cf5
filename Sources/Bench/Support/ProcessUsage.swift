import Foundation

/// CPU time and peak resident memory of a process or of some of its threads, read from /proc.
public struct ProcessUsage: Sendable, Equatable {
    public var cpuSeconds: Double
    /// Peak resident set (VmHWM), in MiB; 0 for thread selections.
    public var peakRSSMiB: Double

    public init(cpuSeconds: Double, peakRSSMiB: Double) {
        self.cpuSeconds = cpuSeconds
        self.peakRSSMiB = peakRSSMiB
    }

    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// nil when the process is gone or /proc is unreadable.
    public static func of(pid: Int32) -> ProcessUsage? {
        guard let cpu = cpuSeconds(statPath: "/proc/\(pid)/stat") else { return nil }
        return ProcessUsage(cpuSeconds: cpu, peakRSSMiB: peakRSS(statusPath: "/proc/\(pid)/status") ?? 0)
    }

    public static var current: ProcessUsage { of(pid: getpid()) ?? ProcessUsage(cpuSeconds: 0, peakRSSMiB: 0) }

    /// CPU seconds of this process's live threads whose name starts with `prefix` (librdkafka's mock
    /// broker threads are `rdk:mock...`), so an in-process broker's work can be told from the client's.
    public static func threads(namedWithPrefix prefix: String) -> Double {
        let task = "/proc/self/task"
        guard let tids = try? FileManager.default.contentsOfDirectory(atPath: task) else { return 0 }
        var total = 0.0
        for tid in tids {
            let name = (try? String(contentsOfFile: "\(task)/\(tid)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard name.hasPrefix(prefix) else { continue }
            total += cpuSeconds(statPath: "\(task)/\(tid)/stat") ?? 0
        }
        return total
    }

    /// Resets this process's peak RSS to its current RSS, so each run reports its own peak.
    public static func resetPeakRSS() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func cpuSeconds(statPath: String) -> Double? {
        guard let stat = try? String(contentsOfFile: statPath, encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after "(comm)": state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }

    static func peakRSS(statusPath: String) -> Double? {
        guard let status = try? String(contentsOfFile: statusPath, encoding: .utf8) else { return nil }
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kilobytes / 1024
    }
}
