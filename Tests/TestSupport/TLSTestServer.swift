import Foundation

/// A throwaway PostgreSQL cluster with TLS, of its own, started the one way the repository knows:
/// `WITH_POSTGRES_TLS=1 scripts/with-postgres.sh` (throwaway CA, server certificate for localhost and
/// 127.0.0.1, client certificate for postgres). The script runs a small shell that writes the cluster's
/// facts to a file and waits for a stop file (or for this process to go away); stopping makes the script
/// tear the cluster down. The shared test server stays without TLS.
public final class TLSTestServer {
    /// Superuser URL with password, no TLS options (add them per test).
    public let port: Int
    public let password: String
    /// ca.crt, client.crt, client.key.
    public let directory: String
    public var caFile: String { directory + "/ca.crt" }
    public var clientCertificate: String { directory + "/client.crt" }
    public var clientKey: String { directory + "/client.key" }
    /// The database that accepts only the client certificate (over TLS).
    public static let certificateDatabase = "orderflow_cert_auth"

    private let process: Process
    private let scratch: URL

    private init(port: Int, password: String, directory: String, process: Process, scratch: URL) {
        self.port = port
        self.password = password
        self.directory = directory
        self.process = process
        self.scratch = scratch
    }

    /// `postgres://postgres:…@host:port/database?query`.
    public func url(host: String = "localhost", database: String = "postgres", password: Bool = true, _ query: String) -> String {
        let credentials = password ? "postgres:\(self.password)" : "postgres"
        return "postgres://\(credentials)@\(host):\(port)/\(database)" + (query.isEmpty ? "" : "?\(query)")
    }

    public static func start(timeout: Duration = .seconds(90)) async throws -> TLSTestServer {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let facts = scratch.appendingPathComponent("facts")
        let stop = scratch.appendingPathComponent("stop")
        let log = scratch.appendingPathComponent("log")
        FileManager.default.createFile(atPath: log.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        let waiter = """
            printf '%s\\n%s\\n' "$ORDERFLOW_TEST_DATABASE_URL" "$ORDERFLOW_TEST_PG_TLS_DIR" > "$FACTS.tmp" && mv "$FACTS.tmp" "$FACTS"
            while [ ! -e "$STOP" ] && kill -0 "$OWNER" 2>/dev/null; do sleep 0.2; done
            """
        process.arguments = [repositoryRoot.appendingPathComponent("scripts/with-postgres.sh").path, "/bin/bash", "-c", waiter]
        var environment = ProcessInfo.processInfo.environment
        environment["WITH_POSTGRES_TLS"] = "1"
        environment["FACTS"] = facts.path
        environment["STOP"] = stop.path
        environment["OWNER"] = String(ProcessInfo.processInfo.processIdentifier)
        process.environment = environment
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()

        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, process.isRunning, !FileManager.default.fileExists(atPath: facts.path) {
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let text = try? String(contentsOf: facts, encoding: .utf8) else {
            if process.isRunning { process.terminate() }
            let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TLSTestServerError(message: "WITH_POSTGRES_TLS=1 scripts/with-postgres.sh did not start a cluster: \(said)")
        }
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.count == 2, let url = URLComponents(string: lines[0]), let port = url.port, let password = url.password else {
            throw TLSTestServerError(message: "unexpected facts from scripts/with-postgres.sh: \(text)")
        }
        return TLSTestServer(port: port, password: password, directory: lines[1], process: process, scratch: scratch)
    }

    /// Stops and removes the cluster.
    public func stop() async {
        FileManager.default.createFile(atPath: scratch.appendingPathComponent("stop").path, contents: nil)
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Runs `body` with a fresh server, stopped afterwards whatever happens.
    public static func with<T>(_ body: (TLSTestServer) async throws -> T) async throws -> T {
        let server = try await start()
        do {
            let value = try await body(server)
            await server.stop()
            return value
        } catch {
            await server.stop()
            throw error
        }
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

public struct TLSTestServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
