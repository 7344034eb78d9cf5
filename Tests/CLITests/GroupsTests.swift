import Foundation
import Kafka
import Testing

@Suite struct GroupsTests {
    /// `orders` (one partition) with five records, and group `audit` at offset 3, committed without a
    /// member (as a group whose consumers have stopped).
    static func setUp() async throws -> TestBroker {
        let broker = try TestBroker.start(partitions: 1)
        let producer = try broker.producer()
        for index in 0..<5 {
            _ = try await producer.send(KafkaRecord(topic: "orders", key: Array("k\(index)".utf8), value: Array("{}".utf8)))
        }
        await producer.close()
        let admin = try KafkaAdmin(bootstrapServers: broker.servers)
        try await admin.commitOffsets(group: "audit", [TopicPartition(topic: "orders", partition: 0): 3])
        await admin.closeAndWait()
        return broker
    }

    static func committed(_ broker: TestBroker) async throws -> Int64? {
        let admin = try KafkaAdmin(bootstrapServers: broker.servers)
        defer { admin.close() }
        return try await admin.consumerLag(group: "audit", topics: ["orders"]).first?.committed
    }

    @Test func resetToEarliestAfterADryRun() async throws {
        let broker = try await Self.setUp()
        let dryRun = try await CLIRun.orderflow(
            ["groups", "reset", "audit", "--topic", "orders", "--to-earliest", "--dry-run", "--brokers", broker.servers])
        #expect(dryRun.status == 0, "stderr: \(dryRun.stderr)")
        #expect(dryRun.stdoutLines.contains { $0.split(separator: " ") == ["orders", "0", "3", "0"] }, "\(dryRun.stdout)")
        #expect(try await Self.committed(broker) == 3)

        let reset = try await CLIRun.orderflow(
            ["groups", "reset", "audit", "--topic", "orders", "--to-earliest", "--brokers", broker.servers])
        #expect(reset.status == 0, "stderr: \(reset.stderr)")
        #expect(try await Self.committed(broker) == 0)

        let offset = try await CLIRun.orderflow(
            ["groups", "reset", "audit", "--topic", "orders", "--to-offset", "99", "--brokers", broker.servers])
        #expect(offset.status == 0, "stderr: \(offset.stderr)")
        #expect(try await Self.committed(broker) == 5, "clamped to the end")
    }

    /// A group with a running member is not moved under it.
    @Test func aGroupWithMembersIsNotReset() async throws {
        let broker = try await Self.setUp()
        var configuration = KafkaConsumerConfiguration(bootstrapServers: broker.servers, groupID: "busy")
        configuration.sessionTimeout = .seconds(6)
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.subscribe(topics: ["orders"])
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(20))
        while try consumer.assignment().isEmpty, clock.now < deadline {
            _ = try await consumer.poll(maxMessages: 10, maxWait: .milliseconds(200))
        }
        let run = try await CLIRun.orderflow(
            ["groups", "reset", "busy", "--topic", "orders", "--to-latest", "--brokers", broker.servers])
        await consumer.close()
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("stop its consumers first"), "\(run.stderr)")
    }

    /// The dev broker does not describe groups: describe still shows the offsets and says so.
    @Test func describeShowsLagAndSaysWhatTheBrokerCannotTell() async throws {
        let broker = try await Self.setUp()
        let run = try await CLIRun.orderflow(["groups", "describe", "audit", "--topic", "orders", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("audit: total lag 2"), "\(run.stdout)")
        let unknown = try await CLIRun.orderflow(["groups", "describe", "nobody", "--topic", "orders", "--brokers", broker.servers])
        #expect(unknown.isOneLineError, "stderr: \(unknown.stderr)")
        #expect(unknown.stderr.contains("unknown consumer group \"nobody\""))
    }

    /// The dev broker does not serve ListGroups: one line says so, at once.
    @Test func listOnABrokerThatCannotListGroupsIsOneClearLine() async throws {
        let broker = try TestBroker.start()
        let run = try await CLIRun.orderflow(["groups", "list", "--brokers", broker.servers], timeout: 40)
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("cannot list consumer groups: the broker at") && run.stderr.contains("does not serve ListGroups"),
                "\(run.stderr)")
    }

    @Test func topicsDescribeShowsLeadersReplicasAndISR() async throws {
        let broker = try TestBroker.start(partitions: 2)
        let run = try await CLIRun.orderflow(["topics", "describe", "orders", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutLines.first == "orders: 2 partition(s), 0 message(s)", "\(run.stdout)")
        #expect(run.stdout.contains("LEADER") && run.stdout.contains("REPLICAS") && run.stdout.contains("ISR"))
        let rows = run.stdoutLines.map { $0.split(separator: " ").map(String.init) }.filter { $0.count == 7 && $0[0] == "0" }
        #expect(rows.count == 1, "partition 0 with leader, replicas, ISR, low, high, messages: \(run.stdout)")
        #expect(run.stdout.contains("configs:"), "\(run.stdout)")

        let json = try await CLIRun.orderflow(["topics", "describe", "orders", "--json", "--brokers", broker.servers])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let partitions = try #require(((object["topics"] as? [[String: Any]])?.first?["partitions"]) as? [[String: Any]])
        #expect(partitions.count == 2)
        #expect(partitions.allSatisfy { ($0["leader"] as? Int).map { $0 >= 0 } == true && !(($0["replicas"] as? [Int]) ?? []).isEmpty })
    }

    @Test func topicsListAsJSON() async throws {
        let broker = try TestBroker.start(partitions: 1)
        let producer = try broker.producer()
        _ = try await producer.send(KafkaRecord(topic: "orders", key: nil, value: Array("x".utf8)))
        await producer.close()
        let run = try await CLIRun.orderflow(["topics", "list", "--json", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let topics = try #require(object["topics"] as? [[String: Any]])
        #expect(topics.first { $0["name"] as? String == "orders" }?["messages"] as? Int == 1, "\(run.stdout)")
    }
}
