import Foundation
import Testing

/// `orderflow bench --quick` end to end: it runs every scenario at tiny sizes, prints the table and
/// writes a JSON report with every scenario's key. No timing is asserted: the suite runs on busy machines.
/// One run at a time: both runs' pipeline scenarios use the bench's database names on the same server, and
/// each drops them before it starts.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct BenchSmokeTests {
    @Test func quickRunPrintsTheTableAndWritesTheReport() throws {
        guard let databaseURL = ProcessInfo.processInfo.environment["ORDERFLOW_TEST_DATABASE_URL"] else {
            Issue.record("ORDERFLOW_TEST_DATABASE_URL is not set: run the tests through scripts/with-postgres.sh")
            return
        }
        let binary = try #require(BenchBinary.orderflow, "the orderflow executable is not next to the test bundle; build it first")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("bench-smoke-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }

        let result = try BenchBinary.run(binary, ["bench", "--quick", "--database-url", databaseURL, "--output", output.path])
        #expect(result.status == 0, "orderflow bench exited \(result.status): \(result.stderr.suffix(3000))")
        for heading in ["== baselines", "== handler", "== relay", "== pipeline", "== resources", "== targets"] {
            #expect(result.stdout.contains(heading), "table lacks \(heading)")
        }
        #expect(result.stdout.contains("fsync="), "table does not state the database settings")

        let files = try FileManager.default.contentsOfDirectory(atPath: output.path)
        let json = try #require(files.first { $0.hasSuffix(".json") }, "no JSON report in \(files)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent(json))) as? [String: Any]
        let scenarios = try #require(report?["scenarios"] as? [String: Any])
        #expect(Set(scenarios.keys) == ["baselines", "handler", "relay", "pipeline", "resources"])
        let handler = try #require(scenarios["handler"] as? [String: Any])
        let figures = try #require(handler["figures"] as? [[String: Any]])
        #expect(figures.contains { ($0["baseline"] as? String)?.hasPrefix("pgbench") == true }, "handler figures lack their pgbench baseline")
        let targets = try #require(report?["targets"] as? [[String: Any]])
        // The handler's CPU against the raw consumer's comes from two scenarios of the run: both measured it.
        let cpu = targets.first { ($0["name"] as? String)?.hasPrefix("handler client CPU per event") == true }
        #expect((cpu?["ratio"] as? Double).map { $0 > 0 } == true, "\(targets)")
        #expect(cpu?["bound"] as? Double == 4 && cpu?["comparison"] as? String == "<=", "\(targets)")
        #expect(files.contains { $0.hasSuffix("-handler.svg") }, "no handler chart in \(files)")

        // The relay's rows were all read back and checked, and the latency run waited for an idle stack.
        let relay = try #require(scenarios["relay"] as? [String: Any])
        let relayFigures = try #require(relay["figures"] as? [[String: Any]])
        #expect(relayFigures.contains { $0["name"] as? String == "per-key order violations, 1 relay" && $0["value"] as? Double == 0 })
        #expect((relay["notes"] as? [String])?.contains { $0.contains("read back afterwards") } == true, "\(relay)")
        let pipeline = try #require(scenarios["pipeline"] as? [String: Any])
        #expect((pipeline["notes"] as? [String])?.contains { $0.contains("every group had caught up") } == true, "\(pipeline)")
        #expect((pipeline["problems"] as? [String])?.contains { $0.contains("still busy") } != true, "\(pipeline)")
    }

    /// `--brokers` on a cluster in another process that offers no CreateTopics: the run finds the topics
    /// `--list-topics` named made ahead of it, leaves them in place, and says what it ran on. A prefix
    /// nobody made topics for is refused with the way out. The relay and pipeline scenarios: the ones
    /// that run services and relays on the cluster (the run above covers the baselines and the handler).
    @Test func quickRunOnAnExternalBrokerUsesTopicsMadeAheadOfIt() async throws {
        guard let databaseURL = ProcessInfo.processInfo.environment["ORDERFLOW_TEST_DATABASE_URL"] else {
            Issue.record("ORDERFLOW_TEST_DATABASE_URL is not set: run the tests through scripts/with-postgres.sh")
            return
        }
        let binary = try #require(BenchBinary.orderflow, "the orderflow executable is not next to the test bundle; build it first")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bench-external-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let prefix = "smoke-\(UUID().uuidString.prefix(8).lowercased())."

        let selection = ["--scenarios", "relay,pipeline,resources"]
        let listed = try BenchBinary.run(binary, ["bench", "--quick", "--topic-prefix", prefix, "--list-topics"] + selection)
        #expect(listed.status == 0, "\(listed.stderr)")
        let topicsFile = scratch.appendingPathComponent("bench-topics.json")
        try Data(listed.stdout.utf8).write(to: topicsFile)
        let listing = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
        let names = try #require(listing?["topics"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(names.allSatisfy { $0.hasPrefix(prefix) } && names.contains(prefix + "orders") && names.contains(prefix + "handler-in"), "\(names)")

        let broker = try await ExternalBroker.start(binary, topicsFile: topicsFile, scratch: scratch)
        defer { broker.stop() }
        #expect(broker.announcement.contains("KAFKA_FETCH_WAIT_MAX_MS="), "\(broker.announcement)")
        let output = scratch.appendingPathComponent("report")
        // The fetch wait the broker announced, as a user would export it: the run is about working, not speed.
        let result = try BenchBinary.run(
            binary, ["bench", "--quick", "--brokers", broker.bootstrapServers, "--topic-prefix", prefix,
                     "--database-url", databaseURL, "--output", output.path] + selection,
            environment: ["KAFKA_FETCH_WAIT_MAX_MS": "10"])
        #expect(result.status == 0, "orderflow bench exited \(result.status): \(result.stderr.suffix(3000))")
        #expect(result.stdout.contains("broker:   Kafka cluster at \(broker.bootstrapServers): 1 broker; highest API versions offered: Produce v"),
                "\(result.stdout.prefix(2000))")
        #expect(result.stdout.contains("not offered: CreateTopics, DeleteTopics"))
        #expect(result.stdout.contains("all \(names.count) made ahead of the run, left in place"), "\(result.stdout.prefix(2000))")

        let files = try FileManager.default.contentsOfDirectory(atPath: output.path)
        let json = try #require(files.first { $0.hasSuffix(".json") }, "no JSON report in \(files)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent(json))) as? [String: Any]
        let environment = try #require(report?["environment"] as? [String: Any])
        #expect(environment["brokerCount"] as? Int == 1)
        #expect((environment["brokerAPIVersions"] as? [String: Int])?["Fetch"] != nil)
        #expect(environment["topicPrefix"] as? String == prefix)
        let scenarios = try #require(report?["scenarios"] as? [String: Any])
        for name in ["relay", "pipeline"] {
            let scenario = try #require(scenarios[name] as? [String: Any], "no \(name) in \(scenarios.keys)")
            #expect(scenario["skipped"] == nil, "\(name): \(scenario)")
            #expect(scenario["valid"] as? Bool != false, "\(name): \(scenario)")
        }
        // No broker CPU on a cluster: its brokers run elsewhere.
        let resources = try #require(scenarios["resources"] as? [String: Any])
        let figures = try #require(resources["figures"] as? [[String: Any]])
        #expect(!figures.contains { ($0["name"] as? String)?.contains("broker CPU") == true })

        let unprepared = try BenchBinary.run(
            binary, ["bench", "--quick", "--brokers", broker.bootstrapServers, "--topic-prefix", "nobody-made-these.",
                     "--database-url", databaseURL, "--output", output.path])
        #expect(unprepared.status != 0)
        #expect(unprepared.stderr.contains("offers no CreateTopics API") && unprepared.stderr.contains("--list-topics"),
                "\(unprepared.stderr.suffix(2000))")
    }

    /// A cluster's security settings are the services' `KAFKA_SECURITY_*` variables, checked before any
    /// client is made: an incomplete SASL setup is one line naming what is missing.
    @Test func externalRunReadsTheKafkaSecurityVariables() throws {
        let binary = try #require(BenchBinary.orderflow, "the orderflow executable is not next to the test bundle; build it first")
        let result = try BenchBinary.run(
            binary, ["bench", "--quick", "--brokers", "127.0.0.1:9", "--output", FileManager.default.temporaryDirectory.path],
            environment: ["KAFKA_SECURITY_PROTOCOL": "sasl_ssl", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512", "KAFKA_SASL_USERNAME": "bench"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is SCRAM-SHA-512"),
                "\(result.stderr.suffix(2000))")
    }
}
