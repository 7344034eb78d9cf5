import Foundation

/// Runs pgbench with a generated script and reads its transactions per second: the database's own
/// ceiling for the SQL the runtime sends, measured on the same server.
public struct Pgbench: Sendable {
    public var executable: String

    public init(executable: String) { self.executable = executable }

    /// `explicit`, then `$PGBIN/pgbench`, then the newest `/usr/lib/postgresql/*/bin/pgbench`, then PATH.
    public static func locate(explicit: String?) -> Pgbench? {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let bin = ProcessInfo.processInfo.environment["PGBIN"] { candidates.append("\(bin)/pgbench") }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        candidates += versions.map { "\(root)/\($0)/bin/pgbench" }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(directory)/pgbench")
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map(Pgbench.init)
    }

    public struct Outcome: Sendable {
        public var tps: Double
        public var transactions: Int
        public var latencyMilliseconds: Double?
    }

    /// Runs `script` with `clients` connections (prepared statements, no vacuum), either for about
    /// `duration` or for `transactions` per client.
    ///
    /// pgbench ends a `-T` run on SIGALRM, which a child of this process inherits blocked (the Swift
    /// runtime's threads block signals), so a timed run never ends: a short calibration run sizes a
    /// `-t` run instead.
    public func run(
        script: String, url: String, clients: Int = 1, duration: Duration? = nil, transactions: Int? = nil,
        scratchDirectory: URL
    ) throws(BenchError) -> Outcome {
        let scriptURL = scratchDirectory.appendingPathComponent("pgbench-\(UUID().uuidString.prefix(8)).sql")
        do {
            try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        } catch {
            throw BenchError("pgbench", "cannot write script \(scriptURL.path): \(error)")
        }
        defer { try? FileManager.default.removeItem(at: scriptURL) }
        if let transactions {
            return try run(scriptURL, url: url, clients: clients, transactions: transactions)
        }
        let seconds = (duration ?? .seconds(5)).inSeconds
        let calibration = try run(scriptURL, url: url, clients: clients, transactions: 100)
        let count = max(100, Int(calibration.tps * seconds / Double(clients)))
        return try run(scriptURL, url: url, clients: clients, transactions: count)
    }

    private func run(_ script: URL, url: String, clients: Int, transactions: Int) throws(BenchError) -> Outcome {
        let arguments = ["-n", "-M", "prepared", "-c", String(clients), "-j", String(clients), "-f", script.path,
                         "-t", String(transactions), url]
        let result = try CommandRunner.run(executable, arguments)
        guard result.status == 0 else {
            throw BenchError("pgbench", "exit \(result.status): \(result.stderr.suffix(2000))")
        }
        return try Self.parse(result.stdout)
    }

    static func parse(_ output: String) throws(BenchError) -> Outcome {
        var tps: Double?
        var transactions = 0
        var latency: Double?
        for line in output.split(separator: "\n") {
            if line.hasPrefix("tps = "), let value = line.dropFirst(6).split(separator: " ").first.flatMap({ Double($0) }) {
                tps = value
            } else if line.hasPrefix("number of transactions actually processed:") {
                let number = line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces).split(separator: "/").first
                transactions = number.flatMap { Int($0) } ?? 0
            } else if line.hasPrefix("latency average = ") {
                latency = line.dropFirst(18).split(separator: " ").first.flatMap { Double($0) }
            }
        }
        guard let tps else { throw BenchError("pgbench", "no tps line in its output:\n\(output.suffix(2000))") }
        return Outcome(tps: tps, transactions: transactions, latencyMilliseconds: latency)
    }
}
