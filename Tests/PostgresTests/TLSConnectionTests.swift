import Foundation
import Postgres
import TestSupport
import Testing

/// DATABASE_URL's TLS options reach libpq: `sslmode=verify-full` connects with the right CA and host
/// name, refuses a wrong CA or a name the certificate does not hold (at once, not retryable), client
/// certificates (`sslcert`/`sslkey`) authenticate, and a service given a URL that cannot verify stops
/// at start with one line. Runs on a TLS cluster of its own (`WITH_POSTGRES_TLS=1 scripts/with-postgres.sh`).
@Suite("Postgres over TLS", .serialized)
struct TLSConnectionTests {
    static func connect(_ url: String) async throws -> PostgresConnection {
        var configuration = try PostgresConfiguration(url: url)
        configuration.connectTimeout = .seconds(10)
        return try await PostgresConnection.connect(configuration)
    }

    static func usesTLS(_ connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        return try rows.first?["ssl"].bool() ?? false
    }

    static func connectionError(_ url: String) async -> PostgresError? {
        do {
            let connection = try await connect(url)
            await connection.close()
            return nil
        } catch let error as PostgresError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// A CA of its own that signed nothing the server holds.
    static func otherCA(in directory: URL) throws -> String {
        let key = directory.appendingPathComponent("other-ca.key").path
        let certificate = directory.appendingPathComponent("other-ca.crt").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=some other CA", "-keyout", key, "-out", certificate,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl could not make a CA")
        return certificate
    }

    @Test("verify-full connects with the right CA and a name in the certificate, and refuses the rest")
    func verifyFull() async throws {
        try await TLSTestServer.with { server in
            let verify = "sslmode=verify-full&sslrootcert=\(server.caFile)"
            // localhost is in the certificate; hostaddr keeps the connection on the IPv4 loopback it listens on.
            let byName = try await Self.connect(server.url(host: "localhost", "\(verify)&hostaddr=127.0.0.1"))
            #expect(try await Self.usesTLS(byName))
            await byName.close()
            // So is 127.0.0.1 (an IP address entry).
            let byAddress = try await Self.connect(server.url(host: "127.0.0.1", verify))
            #expect(try await Self.usesTLS(byAddress))
            await byAddress.close()
            // The shared server's URLs carry no TLS option and stay plain.
            let plain = try await Self.connect(server.url(host: "127.0.0.1", "sslmode=disable"))
            #expect(try await !Self.usesTLS(plain))
            await plain.close()

            let scratch = URL(fileURLWithPath: server.directory).deletingLastPathComponent()
            let wrongCA = try Self.otherCA(in: scratch)
            let untrusted = try #require(await Self.connectionError(
                server.url(host: "localhost", "sslmode=verify-full&sslrootcert=\(wrongCA)&hostaddr=127.0.0.1")))
            #expect(untrusted.message.contains("certificate verify failed"), "\(untrusted)")
            #expect(!untrusted.isRetryable)

            // A name the certificate does not hold, on the right server.
            let misnamed = try #require(await Self.connectionError(
                server.url(host: "db.not-in-the-certificate.invalid", "\(verify)&hostaddr=127.0.0.1")))
            #expect(misnamed.message.contains("does not match host name \"db.not-in-the-certificate.invalid\""), "\(misnamed)")
            #expect(!misnamed.isRetryable)
            #expect(!misnamed.message.contains(server.password), "the password leaked: \(misnamed)")

            let missingFile = try #require(await Self.connectionError(
                server.url(host: "localhost", "sslmode=verify-full&sslrootcert=/nonexistent/ca.crt&hostaddr=127.0.0.1")))
            #expect(missingFile.message.contains("/nonexistent/ca.crt"), "\(missingFile)")
            #expect(!missingFile.isRetryable)
        }
    }

    @Test("sslcert and sslkey authenticate where the server asks for a client certificate")
    func clientCertificate() async throws {
        try await TLSTestServer.with { server in
            let admin = try await Self.connect(server.url(host: "127.0.0.1", "sslmode=require"))
            _ = try await admin.execute("CREATE DATABASE \(TLSTestServer.certificateDatabase)")
            await admin.close()

            let verify = "sslmode=verify-full&sslrootcert=\(server.caFile)&hostaddr=127.0.0.1"
            let withCertificate = try await Self.connect(server.url(
                database: TLSTestServer.certificateDatabase, password: false,
                "\(verify)&sslcert=\(server.clientCertificate)&sslkey=\(server.clientKey)"))
            #expect(try await Self.usesTLS(withCertificate))
            await withCertificate.close()

            let without = try #require(await Self.connectionError(
                server.url(database: TLSTestServer.certificateDatabase, verify)))
            #expect(without.message.contains("certificate"), "\(without)")
            #expect(!without.isRetryable)
        }
    }

    @Test("a service whose DATABASE_URL does not verify stops at start with one line")
    func serviceStopsWithOneLine() async throws {
        try await TLSTestServer.with { server in
            let scratch = URL(fileURLWithPath: server.directory).deletingLastPathComponent()
            let wrongCA = try Self.otherCA(in: scratch)
            let cases = [
                (server.url(host: "localhost", "sslmode=verify-full&sslrootcert=\(wrongCA)&hostaddr=127.0.0.1"), "certificate verify failed"),
                (server.url(host: "db.not-in-the-certificate.invalid", "sslmode=verify-full&sslrootcert=\(server.caFile)&hostaddr=127.0.0.1"),
                 "does not match host name"),
            ]
            for (url, reason) in cases {
                let environment = [
                    "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                    "KAFKA_BROKERS": "127.0.0.1:1", "DATABASE_URL": url, "HTTP_PORT": "0", "SWIFT_BACKTRACE": "enable=no",
                    "API_AUTH": "disabled",
                ]
                let run = try await BuiltProduct.run("order-service", environment: environment, timeout: .seconds(30))
                #expect(!run.timedOut, "the service kept waiting for a database it can never verify:\n\(run.stderr)")
                #expect(run.status == 1, "exit \(run.status)\n\(run.stderr)")
                let lines = run.stderr.split(separator: "\n")
                #expect(lines.count == 1, "stderr:\n\(run.stderr)")
                #expect(lines.first?.hasPrefix("order-service: ") == true, "\(run.stderr)")
                #expect(lines.first?.contains(reason) == true, "\(run.stderr)")
                #expect(!run.stderr.contains(server.password) && !run.stdout.contains(server.password), "the password leaked")
            }
        }
    }
}
