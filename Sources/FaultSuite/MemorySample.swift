import Foundation

/// A process's memory from `/proc/<pid>/status`: resident set now (VmRSS) and its peak (VmHWM), in kB.
public struct MemorySample: Sendable, Hashable, CustomStringConvertible {
    public var residentKilobytes: Int
    public var peakKilobytes: Int

    public init(residentKilobytes: Int, peakKilobytes: Int) {
        self.residentKilobytes = residentKilobytes
        self.peakKilobytes = peakKilobytes
    }

    /// Nil when the process is gone or /proc is not there (not Linux).
    public static func of(pid: Int32) -> MemorySample? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        return parse(status)
    }

    static func parse(_ status: String) -> MemorySample? {
        var fields: [String: Int] = [:]
        for line in status.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, ["VmRSS", "VmHWM"].contains(parts[0]) else { continue }
            fields[String(parts[0])] = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
        }
        guard let resident = fields["VmRSS"], let peak = fields["VmHWM"] else { return nil }
        return MemorySample(residentKilobytes: resident, peakKilobytes: peak)
    }

    public var description: String {
        "RSS \(FaultFormat.megabytes(kilobytes: residentKilobytes)) (peak \(FaultFormat.megabytes(kilobytes: peakKilobytes)))"
    }
}
