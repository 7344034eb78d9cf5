import Foundation

/// One look at the running pipeline.
struct SoakSample: Sendable {
    struct ProcessFigures: Sendable {
        var pid: Int32
        var residentKilobytes: Int
        var openFiles: Int
        var threads: Int
    }

    /// Seconds since the soak started.
    var at: Double
    var processes: [String: ProcessFigures]
    /// Records not yet committed by the service groups, summed (nil when the broker did not answer).
    var consumerLag: Int64?
    /// Outbox rows not yet published, summed over the databases (nil when a database did not answer).
    var outboxBacklog: Int?
    var ordersPublished: Int
}

/// What `/proc` says of a process: resident memory, open descriptors, threads.
enum ProcFigures {
    static func of(pid: Int32) -> SoakSample.ProcessFigures? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let memory = MemorySample.parse(status)
        else { return nil }
        let threads = status.split(separator: "\n").first { $0.hasPrefix("Threads:") }
            .flatMap { Int($0.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        let files = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
        return SoakSample.ProcessFigures(pid: pid, residentKilobytes: memory.residentKilobytes, openFiles: files, threads: threads)
    }
}

/// The samples as CSV: one row per process per sample, the pipeline's figures repeated on each.
enum SoakCSV {
    static func render(_ samples: [SoakSample]) -> String {
        var lines = ["seconds,process,pid,rss_kib,open_files,threads,consumer_lag,outbox_backlog,orders_published"]
        for sample in samples {
            let lag = sample.consumerLag.map(String.init) ?? ""
            let backlog = sample.outboxBacklog.map(String.init) ?? ""
            for (name, figures) in sample.processes.sorted(by: { $0.key < $1.key }) {
                lines.append([
                    String(format: "%.1f", sample.at), name, String(figures.pid), String(figures.residentKilobytes),
                    String(figures.openFiles), String(figures.threads), lag, backlog, String(sample.ordersPublished),
                ].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
