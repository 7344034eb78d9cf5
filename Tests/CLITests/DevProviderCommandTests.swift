import Foundation
import Logging
import PaymentProvider
import Postgres
import Streaming
import Testing
import TestSupport

/// `orderflow dev psp` through the built binary, against a provider simulator served in this process.
@Suite(.serialized) struct DevProviderCommandTests {
    @Test func pspSwitchesTheProvidersFaultsAndResetHealsIt() async throws {
        let database = try await ScratchDatabase.create(prefix: "cli_psp")
        try await ScratchDatabase.using(database) { database in
            var logger = Logger(label: "cli-psp-test")
            logger.logLevel = .critical
            let faults = FaultSwitch()
            let server = PaymentProviderServer(database: database.configuration, faults: faults, logger: logger)
            try await server.migrate()
            let pool = ConnectionPool(configuration: database.configuration, maxConnections: 2, logger: logger)
            let ports = AsyncStream<Int>.makeStream()
            let app = server.application(host: "127.0.0.1", port: 0, pool: pool) { ports.continuation.yield($0) }
            let running = Task { try await app.run() }
            defer { running.cancel() }
            var bound = ports.stream.makeAsyncIterator()
            let port = try #require(await bound.next())
            let url = "http://127.0.0.1:\(port)"

            let broken = try await CLIRun.orderflow([
                "dev", "psp", "--url", url, "--latency", "200ms", "--jitter", "50ms", "--error-rate", "0.2",
                "--hang-rate", "0.05", "--down", "30s",
            ])
            #expect(broken.status == 0, "\(broken.stderr)")
            #expect(broken.stdout.contains("latency 200 ms ± 50 ms, error rate 0.2, hang rate 0.05, down for"), "\(broken.stdout)")
            #expect(faults.current.latencyMs == 200)
            #expect(faults.current.errorRate == 0.2)
            #expect(faults.isDown)

            let shown = try await CLIRun.orderflow(["dev", "psp", "--url", url])
            #expect(shown.stdout.contains("error rate 0.2"), "\(shown.stdout)")

            let oneOrder = try await CLIRun.orderflow(["dev", "psp", "--url", url, "--fail-reference", "order-17"])
            #expect(oneOrder.status == 0, "\(oneOrder.stderr)")
            #expect(oneOrder.stdout.contains("503 for reference order-17"), "\(oneOrder.stdout)")
            #expect(faults.current.failReference == "order-17")

            let healed = try await CLIRun.orderflow(["dev", "psp", "--url", url, "--reset"])
            #expect(healed.status == 0, "\(healed.stderr)")
            #expect(healed.stdout.contains("healthy"))
            #expect(faults.current == .healthy)
            running.cancel()
            _ = await running.result
            await pool.close()
        }
    }

    @Test func pspWithoutADevStackSaysHowToStartOne() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-psp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await CLIRun.orderflow(["dev", "psp", "--error-rate", "0.5"], directory: directory)
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("orderflow dev up"))
    }

    @Test func anEmptyFailingReferenceIsRefused() async throws {
        let run = try await CLIRun.orderflow(["dev", "psp", "--url", "http://127.0.0.1:1", "--fail-reference", ""])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--fail-reference must be 1 to 255 characters"), "\(run.stderr)")
    }

    @Test func aRateAboveOneIsRefused() async throws {
        let run = try await CLIRun.orderflow(["dev", "psp", "--url", "http://127.0.0.1:1", "--error-rate", "1.5"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--error-rate must be between 0 and 1"), "\(run.stderr)")
    }
}
