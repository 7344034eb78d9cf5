import Foundation
import Postgres
import Synchronization

/// A PostgreSQL server of our own: a cluster in a directory (created on first use), listening on a
/// loopback port with password authentication, managed with `pg_ctl`.
///
/// Layout of `root`: `data/` (the cluster), `password` (the superuser's, generated), `server.log`.
/// As root, the programs run as the `postgres` user (initdb refuses root) and `root` belongs to it.
public final class LocalPostgres: Sendable {
    public struct Options: Sendable {
        public var root: URL
        /// nil: a free port, picked at every start.
        public var port: Int?
        /// Skip fsync: much faster, but a machine crash can corrupt the cluster. For throwaway clusters.
        public var skipFsync: Bool
        public var maxConnections: Int
        public var binaries: URL?

        public init(root: URL, port: Int? = nil, skipFsync: Bool = false, maxConnections: Int = 300, binaries: URL? = nil) {
            self.root = root
            self.port = port
            self.skipFsync = skipFsync
            self.maxConnections = maxConnections
            self.binaries = binaries
        }
    }

    public static let user = "postgres"

    public let options: Options
    public let password: String
    private let binaries: PostgresBinaries
    private let runAs: [String]
    private let currentPort: Mutex<Int>
    /// The server we started and have not seen stop yet.
    private let server = Mutex<ServerProcess?>(nil)

    public var root: URL { options.root }
    public var dataDirectory: URL { options.root.appendingPathComponent("data") }
    public var logFile: URL { options.root.appendingPathComponent("server.log") }
    public var port: Int { currentPort.withLock { $0 } }

    /// The superuser on the `postgres` database: the admin URL the dev stack creates databases with.
    public var adminConfiguration: PostgresConfiguration {
        PostgresConfiguration(host: "127.0.0.1", port: port, user: Self.user, password: password, database: "postgres")
    }

    public var adminURL: String { adminConfiguration.url }

    private init(options: Options, password: String, binaries: PostgresBinaries, runAs: [String], port: Int) {
        self.options = options
        self.password = password
        self.binaries = binaries
        self.runAs = runAs
        self.currentPort = Mutex(port)
    }

    /// Creates the cluster if `root` has none, stops a server left running on it, and starts it.
    public static func start(_ options: Options) async throws(LocalPostgresError) -> LocalPostgres {
        let binaries = try PostgresBinaries.locate(explicit: options.binaries)
        let asRoot = geteuid() == 0
        let runAs = asRoot ? ["/usr/sbin/runuser", "-u", user, "--"] : []
        let layout = ClusterLayout(root: options.root, asRoot: asRoot)
        try layout.prepareDirectories()
        let password: String
        if layout.hasCluster {
            guard let stored = layout.storedPassword() else { throw .passwordMissing(dataDirectory: layout.data.path) }
            password = stored
        } else {
            password = try layout.createPassword()
            try await initdb(binaries, runAs: runAs, layout: layout)
        }
        let port: Int
        if let requested = options.port {
            port = requested
        } else {
            do { port = try FreePort.pick() } catch { throw .noFreePort(error.message) }
        }
        let server = LocalPostgres(options: options, password: password, binaries: binaries, runAs: runAs, port: port)
        if await server.isRunning() {
            // A server left behind (its owner was killed): it may be on another port; restart it on ours.
            try await server.stop()
        }
        try await server.start()
        return server
    }

    private static func initdb(_ binaries: PostgresBinaries, runAs: [String], layout: ClusterLayout) async throws(LocalPostgresError) {
        let passwordFile = layout.root.appendingPathComponent("initdb-password")
        try layout.writeForServer(passwordFile, contents: layout.storedPassword() ?? "")
        defer { try? FileManager.default.removeItem(at: passwordFile) }
        try await PostgresTool.run(
            binaries.initdb, runAs: runAs,
            arguments: ["-D", layout.data.path, "-U", user, "--pwfile=\(passwordFile.path)", "--auth-local=trust",
                        "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
            timeout: .seconds(120))
    }

    /// Starts the server on `port` (the stored port unless a new one is given) and waits until it accepts
    /// connections. The server is our child and ends when we do (see `ServerProcess`).
    public func start(port newPort: Int? = nil) async throws(LocalPostgresError) {
        if let newPort { currentPort.withLock { $0 = newPort } }
        var arguments = [
            "-D", dataDirectory.path, "-h", "127.0.0.1", "-p", "\(port)", "-c", "unix_socket_directories=",
            "-c", "max_connections=\(options.maxConnections)", "-c", "shared_buffers=128MB",
        ]
        if options.skipFsync { arguments += ["-c", "fsync=off", "-c", "full_page_writes=off"] }
        let started = try ServerProcess.start(
            binaries.postgres, arguments: arguments, user: runAs.isEmpty ? nil : Self.user, fallbackRunAs: runAs, logFile: logFile)
        server.withLock { $0 = started }
        try await waitUntilAccepting(started, timeout: .seconds(60))
    }

    /// What `pg_ctl start -w` waits for: the server's pid file names it and says `ready`.
    private func waitUntilAccepting(_ started: ServerProcess, timeout: Duration) async throws(LocalPostgresError) {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let exit = started.exited {
                throw .toolFailed(tool: "postgres", exit: exit.description, output: logTail())
            }
            let lines = ((try? String(contentsOf: dataDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8)) ?? "")
                .split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            // Through runuser (no setpriv) the pid we hold is runuser's, not the server's.
            let ours = lines.first == String(started.pid) || !ParentDeath.isAvailable
            if ours, lines.count > 7, lines[7] == "ready" { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        ProcessProbe.signal(started.pid, SIGQUIT)
        throw .toolFailed(tool: "postgres", exit: "was not ready within \(timeout)", output: logTail())
    }

    private func logTail() -> [String] {
        ((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").split(separator: "\n").suffix(10).map(String.init)
    }

    public enum StopMode: String, Sendable {
        /// Disconnects clients, shuts down cleanly.
        case fast
        /// Like a crash: no checkpoint; the next start recovers.
        case immediate
    }

    public func stop(_ mode: StopMode = .fast) async throws(LocalPostgresError) {
        try await PostgresTool.run(
            binaries.pgCtl, runAs: runAs,
            arguments: ["-D", dataDirectory.path, "-m", mode.rawValue, "-w", "-t", "60", "stop"], timeout: .seconds(90))
        // pg_ctl saw the pid file go; the process itself is reaped a moment later.
        if let started = server.withLock({ current -> ServerProcess? in defer { current = nil }; return current }) {
            _ = await started.waitForExit(timeout: .seconds(10))
        }
    }

    /// Stop then start on the same port, as a database restart in production would.
    public func restart(_ mode: StopMode = .fast) async throws(LocalPostgresError) {
        try await stop(mode)
        try await start()
    }

    public func isRunning() async -> Bool {
        do {
            try await PostgresTool.run(binaries.pgCtl, runAs: runAs, arguments: ["-D", dataDirectory.path, "status"], timeout: .seconds(30))
            return true
        } catch {
            return false
        }
    }

    /// The postmaster's pid while the server runs (first line of `postmaster.pid`).
    public var serverPID: Int32? {
        guard let text = try? String(contentsOf: dataDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8),
              let first = text.split(separator: "\n").first else { return nil }
        return Int32(first.trimmingCharacters(in: .whitespaces))
    }
}
