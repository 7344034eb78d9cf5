import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LocalStack
import Testing

/// `orderflow dev`: a detached stack starts every process and `dev down` leaves none behind; bad input
/// fails at once with one clear line.
@Suite("orderflow dev", .serialized)
struct DevCommandTests {
    @Test func upDetachedThenDownStartsAndStopsEveryProcess() async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        let up = try await runner.run(["dev", "up", "--detach", "--scale", "payment=2", "--api-port", "0"])
        #expect(up.status == 0, "dev up failed: \(up.stderr)")
        guard up.status == 0 else { return }
        var pids: [Int32] = []
        do {
            #expect(up.stdout.contains("the dev stack is ready"))
            // Progress while it starts, not only the end.
            #expect(up.stdout.contains("payment#2 ready on port"), "\(up.stdout)")
            pids = try runner.recordedPIDs()
            // dev up, 6 services (payment twice), 5 relays, the payment provider, Postgres.
            let expectedCount = 14
            #expect(pids.count == expectedCount, "recorded: \(pids)")
            #expect(pids.allSatisfy(ProcessProbe.isAlive), "not all recorded processes run")
            let env = try String(contentsOf: runner.envFile, encoding: .utf8)
            #expect(env.contains("KAFKA_BROKERS=127.0.0.1:"))
            #expect(env.contains("DATABASE_URL=postgres://postgres:"))
            // The embedded broker holds an empty fetch for the whole wait: its clients ask for a short one.
            #expect(env.contains("KAFKA_FETCH_WAIT_MAX_MS=10"))
            try await Self.checkOrderAPIAccess(env: env, runner: runner)

            let status = try await runner.run(["dev", "status"])
            #expect(status.status == 0, "status: \(status.stdout)\(status.stderr)")
            #expect(status.stdout.contains("payment#2"))
            #expect(!status.stdout.contains("not ready"))

            let again = try await runner.run(["dev", "up", "--detach", "--api-port", "0"])
            #expect(again.status != 0)
            #expect(again.stderr.contains("already running"))
        } catch {
            Issue.record("\(error)")
        }

        let down = try await runner.run(["dev", "down"])
        #expect(down.status == 0, "dev down failed: \(down.stderr)")
        #expect(down.stdout.contains("dev stack stopped"))
        let survivors = pids.filter(ProcessProbe.isAlive)
        #expect(survivors.isEmpty, "still running after dev down: \(survivors)")
        #expect(!FileManager.default.fileExists(atPath: runner.envFile.path))
        #expect(!FileManager.default.fileExists(atPath: runner.pidFile.path))

        let status = try await runner.run(["dev", "status"])
        #expect(status.status != 0)
        #expect(status.stdout.contains("no dev stack is running"))
    }

    /// With KAFKA_BROKERS the stack runs on that cluster (here `dev broker` in a process of its own, which
    /// made the topics: it has no CreateTopics API) and starts no broker; its consumers keep librdkafka's
    /// fetch wait.
    @Test func upOnAnotherBrokerStartsNoneOfItsOwn() async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        let topics = try #require(TopicsFile.locate(from: [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]))
        let broker = try await ExternalBroker.start(runner.binary, topicsFile: topics, scratch: runner.directory)
        defer { broker.stop() }
        let up = try await runner.run(["dev", "up", "--detach", "--api-port", "0"], extraEnvironment: ["KAFKA_BROKERS": broker.bootstrapServers])
        #expect(up.status == 0, "dev up failed: \(up.stderr)")
        guard up.status == 0 else { return }
        let pids = try runner.recordedPIDs()
        // dev up, 5 services, 5 relays, the payment provider, Postgres: no broker process of its own.
        #expect(pids.count == 13, "recorded: \(pids)")
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: runner.stateFile)) as? [String: Any]
        let recorded = try #require(state?["broker"] as? [String: Any])
        #expect(recorded["bootstrapServers"] as? String == broker.bootstrapServers)
        #expect(recorded["embeddedBrokers"] == nil)
        let env = try String(contentsOf: runner.envFile, encoding: .utf8)
        #expect(env.contains("KAFKA_BROKERS=\(broker.bootstrapServers)\n"))
        #expect(!env.contains("KAFKA_FETCH_WAIT_MAX_MS"))
        let down = try await runner.run(["dev", "down"])
        #expect(down.status == 0, "dev down failed: \(down.stderr)")
        #expect(pids.filter(ProcessProbe.isAlive).isEmpty)
    }

    /// The dev stack's order API wants a token, and the one in the env file (or `orderflow token`) works.
    static func checkOrderAPIAccess(env: String, runner: DevCommandRunner) async throws {
        var values: [String: String] = [:]
        for line in env.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        let api = try #require(values["ORDERFLOW_API_URL"])
        let token = try #require(values["ORDERFLOW_API_TOKEN"])
        #expect(try await status(of: "\(api)/api/v1/orders/none", token: nil) == 401)
        #expect(try await status(of: "\(api)/api/v1/orders/none", token: token) == 404)

        let printed = try await runner.run(["token", "--scope", "orders:read", "--ttl", "60"])
        #expect(printed.status == 0, "token failed: \(printed.stderr)")
        let readOnly = printed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await status(of: "\(api)/api/v1/orders/none", token: readOnly) == 404)

        let get = try await runner.run(["orders", "get", "none", "--source", "api"])
        #expect(get.status != 0)
        #expect(get.stderr.contains("no order none (asked the order API"), "\(get.stderr)")
    }

    static func status(of url: String, token: String?) async throws -> Int {
        var request = URLRequest(url: try #require(URL(string: url)))
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    /// A detached `dev up` killed with SIGKILL cannot stop anything: its processes die with it.
    @Test func aKilledDevUpTakesItsProcessesWithIt() async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        let up = try await runner.run(["dev", "up", "--detach", "--api-port", "0"])
        #expect(up.status == 0, "dev up failed: \(up.stderr)")
        guard up.status == 0 else { return }
        let pids = try runner.recordedPIDs()
        ProcessProbe.signal(pids[0], SIGKILL)
        #expect(await ProcessProbe.waitUntilGone(pids, timeout: .seconds(20)).isEmpty, "survivors: \(pids.filter(ProcessProbe.isAlive))")

        let status = try await runner.run(["dev", "status"])
        #expect(status.status != 0)
        #expect(status.stdout.contains("no dev stack is running"), "status: \(status.stdout)")

        let down = try await runner.run(["dev", "down"])
        #expect(down.status == 0, "dev down failed: \(down.stderr)")
    }

    @Test(arguments: [
        (["dev", "up", "--scale", "billing=2"], "unknown service \"billing\""),
        (["dev", "up", "--scale", "payment=9"], "payment=9: replicas must be 1-6"),
        (["dev", "up", "--scale", "payment"], "is not SERVICE=REPLICAS"),
        (["dev", "up", "--broker-count", "0"], "--broker-count 0: must be 1-5"),
        // --brokers is host:port everywhere; the old count gets pointed at its new name.
        (["dev", "up", "--brokers", "3"], "--broker-count"),
        (["dev", "up", "--api-port", "70000"], "--api-port 70000"),
        (["dev", "broker", "--partitions", "0"], "--partitions 0: must be 1-256"),
        (["dev", "broker", "--broker-count", "9"], "--broker-count 9: must be 1-5"),
        (["chaos", "--scale", "payment=9"], "payment=9: replicas must be 1-6"),
        (["dev", "restart"], "name a process"),
    ])
    func badInputFailsWithOneLine(arguments: [String], message: String) async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        let result = try await runner.run(arguments, timeout: .seconds(30))
        // A usage error, like every other one: EX_USAGE.
        #expect(result.status == 64, "status \(result.status); stderr: \(result.stderr)")
        #expect(result.stderrLines.count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: runner.pidFile.path))
    }

    @Test func missingPostgresBinariesAreReportedBeforeAnythingStarts() async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        let result = try await runner.run(["dev", "up", "--detach", "--api-port", "0"], extraEnvironment: ["PGBIN": "/nonexistent/bin"], timeout: .seconds(30))
        #expect(result.status != 0)
        #expect(result.stderrLines.count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("PostgreSQL server binaries"))
        #expect(!FileManager.default.fileExists(atPath: runner.stateFile.path))
    }

    @Test func anUnreachableDatabaseServerFailsStartupAndLeavesNothingRunning() async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        let result = try await runner.run(
            ["dev", "up", "--api-port", "0"], extraEnvironment: ["DATABASE_URL": "postgres://postgres:secret@127.0.0.1:1/postgres"], timeout: .seconds(60))
        #expect(result.status != 0)
        #expect(result.stderr.contains("could not create the databases"), "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("secret"), "the password leaked: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: runner.pidFile.path))
        #expect(!FileManager.default.fileExists(atPath: runner.envFile.path))
    }

    @Test func downWithNothingRunningSaysSo() async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        let result = try await runner.run(["dev", "down"], timeout: .seconds(30))
        #expect(result.status == 0)
        #expect(result.stdout.contains("no dev stack is running"))
    }

    @Test func brokerRunsUntilInterrupted() async throws {
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        let process = Process()
        process.executableURL = runner.binary
        process.arguments = ["dev", "broker", "--partitions", "2"]
        process.currentDirectoryURL = runner.directory
        process.environment = runner.environment
        let output = runner.directory.appendingPathComponent("broker.out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = ContinuousClock.now + .seconds(30)
        while !text.contains("KAFKA_BROKERS=") && process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        }
        #expect(text.contains("KAFKA_BROKERS=127.0.0.1:"), "output: \(text)")
        #expect(text.contains("10 topics"), "output: \(text)")
        process.interrupt()
        let stopDeadline = ContinuousClock.now + .seconds(15)
        while process.isRunning && ContinuousClock.now < stopDeadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(((try? String(contentsOf: output, encoding: .utf8)) ?? "").contains("broker stopped"))
    }
}
