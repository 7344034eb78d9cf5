import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LocalStack
import Testing

/// A service whose database is unreachable is alive and says why it is not ready, retries with
/// backoff, and gives up after STARTUP_TIMEOUT_MS with one clear line and exit status 3.
@Suite struct ServiceStartupTests {
    static func executable(_ name: String) throws -> URL {
        try ExecutableLocator.buildDirectory(holding: [name]).appendingPathComponent(name)
    }

    @Test func waitingForAnUnreachableDatabaseIsVisibleAndEnds() async throws {
        let port = try FreePort.pick()
        var environment = ProcessInfo.processInfo.environment
        environment.merge([
            "DATABASE_URL": "postgres://nobody:bad@127.0.0.1:1/payments", "KAFKA_BROKERS": "127.0.0.1:1",
            "PAYMENT_PROVIDER_URL": "http://127.0.0.1:1",
            "HTTP_HOST": "127.0.0.1", "HTTP_PORT": String(port), "LOG_FORMAT": "text", "STARTUP_TIMEOUT_MS": "6000",
            "SWIFT_BACKTRACE": "enable=no",
        ]) { _, new in new }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-startup-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let service = try BackgroundCommand(try Self.executable("payment-service"), [], directory: scratch, environment: environment)
        defer { if service.process.isRunning { service.signal(SIGKILL) } }

        var health = 0
        var readiness: (Int, String) = (0, "")
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, health != 200 || readiness.0 != 503 {
            health = (try? await Self.get(port, "/healthz").0) ?? 0
            readiness = (try? await Self.get(port, "/readyz")) ?? (0, "")
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(health == 200, "/healthz while waiting")
        #expect(readiness.0 == 503, "/readyz while waiting")
        #expect(readiness.1.contains("waiting for the database"), "\(readiness.1)")
        #expect(!readiness.1.contains("bad@"), "the password leaked: \(readiness.1)")

        let status = await service.waitForExit(timeout: .seconds(30))
        #expect(status == 3, "stderr: \(service.stderr)\nstdout: \(service.stdout)")
        let output = service.stdout + service.stderr
        let retries = output.components(separatedBy: "waiting for the database").count - 1
        #expect(retries >= 3, "every retry is logged: \(output)")
        #expect(output.contains("retry_in_ms"), "\(output)")
        #expect(service.stderr.contains("payment-service: gave up waiting for the database"), "\(service.stderr)")
        #expect(service.stderr.contains("STARTUP_TIMEOUT_MS"))
        #expect(!output.contains("nobody:bad"), "the password leaked")
    }

    @Test func helpShowsTheServicesOwnDatabaseAndConfigErrorsOneHeading() async throws {
        let help = try await CommandOutput.run(try Self.executable("payment-service"), ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("localhost:5432/payments"), "\(help.stdout)")
        #expect(!help.stdout.contains("/orders"), "\(help.stdout)")
        #expect(help.stdout.contains("STARTUP_TIMEOUT_MS"))

        var environment = ProcessInfo.processInfo.environment
        for name in ["DATABASE_URL", "KAFKA_BROKERS"] { environment[name] = nil }
        let broken = try await CommandOutput.run(try Self.executable("payment-service"), [], environment: environment)
        #expect(broken.status == 2)
        #expect(broken.stderr.lowercased().components(separatedBy: "invalid configuration").count - 1 == 1, "\(broken.stderr)")
    }

    /// The provider simulator exits as the services do: code 2 and one heading for a bad configuration.
    @Test func theProviderReportsABadConfigurationAsTheServicesDo() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["HTTP_PORT"] = "not-a-port"
        let broken = try await CommandOutput.run(try Self.executable("payment-provider"), [], environment: environment)
        #expect(broken.status == 2, "\(broken.stderr)")
        #expect(broken.stderr.hasPrefix("payment-provider: "), "\(broken.stderr)")
        #expect(broken.stderr.lowercased().components(separatedBy: "invalid configuration").count - 1 == 1, "\(broken.stderr)")
        #expect(broken.stderr.contains("DATABASE_URL is required") && broken.stderr.contains("HTTP_PORT"), "\(broken.stderr)")
        // A missing URL is one problem, not also an unparsable one.
        #expect(!broken.stderr.contains("invalid PostgreSQL URL"), "\(broken.stderr)")
    }

    static func get(_ port: Int, _ path: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = 2
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}

/// Runs a program to completion and keeps both streams.
enum CommandOutput {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-run-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let command = try BackgroundCommand(
            executable, arguments, directory: scratch, environment: environment ?? ProcessInfo.processInfo.environment)
        let status = await command.waitForExit(timeout: .seconds(30)) ?? -1
        return Result(status: status, stdout: command.stdout, stderr: command.stderr)
    }
}
