import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import JWTKit
import Postgres
import TestSupport
import Testing

/// No secret value (database password, JWT secret, SASL password) reaches a log line or `--help` of an
/// order service that runs with them: connected to its database, serving its API to good, forged and
/// unsigned tokens, retrying a SASL broker that is not there, at debug level, until it is stopped.
@Suite("secrets stay out of a running order service's output", .serialized)
struct RunningServiceSecretTests {
    @Test("database password, JWT secret and SASL password never reach the logs or --help")
    func noSecretInOutput() async throws {
        let admin = try TestServer.configuration()
        let role = uniqueName("secret_probe")
        let databasePassword = "db-pw-\(UUID().uuidString)"
        let jwtSecret = "jwt-secret-\(UUID().uuidString)-\(UUID().uuidString)"
        let saslPassword = "sasl-pw-\(UUID().uuidString)"
        let secrets = [databasePassword, jwtSecret, saslPassword]

        try await withConnection(to: admin) { connection in
            _ = try await connection.execute("CREATE ROLE \(role) LOGIN PASSWORD '\(databasePassword)'")
            _ = try await connection.execute("CREATE DATABASE \(role) OWNER \(role)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("secret-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let jwtFile = scratch.appendingPathComponent("jwt"), saslFile = scratch.appendingPathComponent("sasl")
        try Data("\(jwtSecret)\n".utf8).write(to: jwtFile)
        try Data(saslPassword.utf8).write(to: saslFile)

        var database = admin.with(database: role)
        database.user = role
        database.password = databasePassword
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "DATABASE_URL": database.url,
            // Nothing answers there: the clients keep trying, and saying so in the log.
            "KAFKA_BROKERS": "127.0.0.1:1",
            "KAFKA_SECURITY_PROTOCOL": "sasl_plaintext", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-256",
            "KAFKA_SASL_USERNAME": "orderflow", "KAFKA_SASL_PASSWORD_FILE": saslFile.path,
            "API_JWT_SECRET_FILE": jwtFile.path,
            "HTTP_HOST": "127.0.0.1", "HTTP_PORT": "0", "LOG_LEVEL": "trace", "LOG_FORMAT": "json",
            "SWIFT_BACKTRACE": "enable=no",
        ]
        var outputs: [(String, String)] = []
        do {
            let help = try await BuiltProduct.run("order-service", ["--help"], environment: environment, timeout: .seconds(30))
            #expect(help.status == 0, "\(help.stderr)")
            outputs.append(("--help", help.stdout + help.stderr))

            let running = try await Self.runServing(environment: environment, scratch: scratch, jwtSecret: jwtSecret)
            outputs.append(("a running order-service", running))
            #expect(running.contains("HTTP server listening"), "the service did not start serving:\n\(running.suffix(3000))")
        } catch {
            Issue.record("\(error)")
        }
        for (what, text) in outputs {
            for secret in secrets {
                #expect(!text.contains(secret), "\(what) printed a secret")
            }
        }

        try? FileManager.default.removeItem(at: scratch)
        try await withConnection(to: admin) { connection in
            _ = try await connection.execute("DROP DATABASE IF EXISTS \(role) WITH (FORCE)")
            _ = try await connection.execute("DROP ROLE IF EXISTS \(role)")
        }
    }

    /// Starts the service, sends it requests once it listens, stops it with SIGTERM; its whole output.
    static func runServing(environment: [String: String], scratch: URL, jwtSecret: String) async throws -> String {
        let process = Process()
        process.executableURL = try BuiltProduct.url(of: "order-service")
        process.environment = environment
        let log = scratch.appendingPathComponent("output")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let deadline = ContinuousClock.now + .seconds(60)
        var port: Int?
        while port == nil, process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            port = listeningPort(in: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
        if let port {
            let base = "http://127.0.0.1:\(port)"
            let good = try await JWTKeyCollection().add(hmac: HMACKey(from: jwtSecret), digestAlgorithm: .sha256)
                .sign(ProbeClaims(sub: "secret-probe", exp: Date().addingTimeInterval(300), scope: "orders:write orders:read"))
            let forged = try await JWTKeyCollection().add(hmac: HMACKey(from: "another-secret-\(UUID().uuidString)"), digestAlgorithm: .sha256)
                .sign(ProbeClaims(sub: "intruder", exp: Date().addingTimeInterval(300), scope: "orders:write"))
            for path in ["/healthz", "/readyz", "/metrics", "/api/v1/orders/none"] {
                _ = await send(base + path, token: path.hasPrefix("/api") ? good : nil)
            }
            let body = #"{"customerId":"c-1","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":100}],"currency":"EUR","paymentToken":"tok_ok","shippingCountry":"DE"}"#
            for token in [good, forged, "not-a-jwt"] {
                _ = await send(base + "/api/v1/orders", token: token, body: body)
            }
            try await Task.sleep(for: .seconds(2))
        }
        process.interrupt()
        let stopBy = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < stopBy { try await Task.sleep(for: .milliseconds(100)) }
        return (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    }

    static func listeningPort(in output: String) -> Int? {
        for line in output.split(separator: "\n") where line.contains("HTTP server listening") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            if let port = object["port"] as? Int { return port }
            if let text = object["port"] as? String, let port = Int(text) { return port }
        }
        return nil
    }

    static func send(_ url: String, token: String?, body: String? = nil) async -> Int {
        guard let url = URL(string: url) else { return 0 }
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpMethod = "POST"
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue(UUID().uuidString, forHTTPHeaderField: "Idempotency-Key")
        }
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return 0 }
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    struct ProbeClaims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var scope: String

        init(sub: String, exp: Date, scope: String) {
            self.sub = SubjectClaim(value: sub)
            self.exp = ExpirationClaim(value: exp)
            self.scope = scope
        }

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}
