import Foundation

/// A PostgreSQL server of the bench's own, under `.orderflow/bench/postgres`, with the server's default
/// durability settings (fsync and synchronous_commit on): commits cost what they cost in production, so
/// the figures show what batching saves. Initialised once, started for a run, stopped after it.
public final class BenchPostgresServer: Sendable {
    public let dataDirectory: URL
    public let port: Int
    public let url: String
    private let bin: String
    private let runAs: [String]

    static let password = "orderflow-bench"

    /// Starts the server (initialising the data directory on first use) and returns once it accepts connections.
    public static func start(root: URL, log: @Sendable (String) -> Void) throws(BenchError) -> BenchPostgresServer {
        guard let bin = serverBinaries() else {
            throw BenchError("postgres", "PostgreSQL server binaries not found (run `make deps`, or pass --database-url)")
        }
        let data = root.appendingPathComponent("data")
        let asRoot = getuid() == 0
        let runAs = asRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw BenchError("postgres", "cannot create \(root.path): \(error)")
        }
        if asRoot { try run(["/bin/chown", "postgres:postgres", root.path], "chown") }
        if !fm.fileExists(atPath: data.appendingPathComponent("PG_VERSION").path) {
            log("initialising a PostgreSQL cluster in \(data.path)")
            let passwordFile = root.appendingPathComponent("pwfile")
            do {
                try password.write(to: passwordFile, atomically: true, encoding: .utf8)
            } catch {
                throw BenchError("postgres", "cannot write \(passwordFile.path): \(error)")
            }
            if asRoot { try run(["/bin/chown", "postgres:postgres", passwordFile.path], "chown") }
            try run(runAs + ["\(bin)/initdb", "-D", data.path, "-U", "postgres", "--pwfile=\(passwordFile.path)",
                             "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"], "initdb")
            try? fm.removeItem(at: passwordFile)
        }
        let port = freePort()
        // A server a crashed run left behind holds the data directory: stop it before starting anew.
        if fm.fileExists(atPath: data.appendingPathComponent("postmaster.pid").path) {
            try? run(runAs + ["\(bin)/pg_ctl", "-D", data.path, "-m", "fast", "stop"], "pg_ctl stop")
        }
        let logFile = root.appendingPathComponent("server.log")
        let start = runAs + ["\(bin)/pg_ctl", "-D", data.path, "-l", logFile.path, "-w", "-t", "60",
                             "-o", "-h 127.0.0.1 -p \(port) -k \(root.path) -c max_connections=200 -c shared_buffers=256MB", "start"]
        let status = try CommandRunner.runDetaching(start[0], Array(start.dropFirst()))
        guard status == 0 else {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            throw BenchError("postgres", "pg_ctl start failed (exit \(status)); \(logFile.path):\n\(log.suffix(1500))")
        }
        return BenchPostgresServer(dataDirectory: data, port: port, bin: bin, runAs: runAs)
    }

    private init(dataDirectory: URL, port: Int, bin: String, runAs: [String]) {
        self.dataDirectory = dataDirectory
        self.port = port
        self.bin = bin
        self.runAs = runAs
        url = "postgres://postgres:\(Self.password)@127.0.0.1:\(port)/postgres"
    }

    public func stop() {
        _ = try? Self.run(runAs + ["\(bin)/pg_ctl", "-D", dataDirectory.path, "-m", "fast", "stop"], "pg_ctl stop")
    }

    /// `$PGBIN`, else the newest `/usr/lib/postgresql/*/bin`.
    static func serverBinaries() -> String? {
        if let bin = ProcessInfo.processInfo.environment["PGBIN"], FileManager.default.isExecutableFile(atPath: "\(bin)/pg_ctl") {
            return bin
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
        return versions.map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: "\($0)/pg_ctl") }
    }

    private static func run(_ command: [String], _ what: String) throws(BenchError) {
        guard let executable = command.first else { return }
        let result = try CommandRunner.run(executable, Array(command.dropFirst()))
        guard result.status == 0 else {
            throw BenchError("postgres", "\(what) failed (exit \(result.status)): \(result.stderr.suffix(1500))\(result.stdout.suffix(500))")
        }
    }

    private static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return 54_329 }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : 54_329
    }
}
