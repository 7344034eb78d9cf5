import Foundation

/// The machine the figures came from, as the README states it next to the results.
public struct MachineInfo: Codable, Sendable {
    public var cpu: String
    public var cores: Int
    public var memoryGiB: Double
    public var os: String
    public var kernel: String

    public init(cpu: String, cores: Int, memoryGiB: Double, os: String, kernel: String) {
        self.cpu = cpu
        self.cores = cores
        self.memoryGiB = memoryGiB
        self.os = os
        self.kernel = kernel
    }

    public var summary: String {
        "\(cpu), \(cores) cores, \(String(format: "%.0f", memoryGiB)) GiB, \(os), Linux \(kernel)"
    }

    /// Reads /proc and /etc/os-release; fields it cannot read say "unknown".
    public static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let cpu = cpuinfo.split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let kilobytes = meminfo.split(separator: "\n")
            .first { $0.hasPrefix("MemTotal:") }
            .flatMap { line in line.split(separator: " ").dropFirst().first.flatMap { Double($0) } } ?? 0
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let os = release.split(separator: "\n")
            .first { $0.hasPrefix("PRETTY_NAME=") }
            .map { $0.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "unknown OS"
        let kernel = ((try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? "unknown")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return MachineInfo(
            cpu: cpu, cores: ProcessInfo.processInfo.activeProcessorCount, memoryGiB: kilobytes / 1_048_576,
            os: os, kernel: kernel)
    }
}
