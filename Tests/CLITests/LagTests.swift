import Foundation
import Kafka
import Testing

@Suite struct LagTests {
    @Test func lagShowsCommittedOffsetAndRemainingMessagesPerPartition() async throws {
        let broker = try TestBroker.start(partitions: 1)
        let producer = try broker.producer()
        for index in 0..<5 {
            _ = try await producer.send(KafkaRecord(topic: "orders", key: Array("k\(index)".utf8), value: Array("{}".utf8)))
        }
        await producer.close()
        // payment-service consumed and committed the first two.
        try await Self.commit(group: "payment-service", topic: "orders", offset: 2, broker: broker)

        let run = try await CLIRun.orderflow(["lag", "--group", "payment-service", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutLines.first == "payment-service: total lag 3", "\(run.stdout)")
        let row = try #require(run.stdoutLines.last).split(separator: " ").map(String.init)
        #expect(row == ["orders", "0", "2", "5", "3"])
    }

    /// A service's lag covers only the topics it subscribes to: records on a topic it never reads are
    /// not work it has left (notification-service does not read payments).
    @Test func aServiceIsNotBehindOnTopicsItDoesNotRead() async throws {
        let broker = try TestBroker.start(partitions: 1)
        let producer = try broker.producer()
        for topic in ["orders", "payments", "shipments"] {
            _ = try await producer.send(KafkaRecord(topic: topic, key: Array("k".utf8), value: Array("{}".utf8)))
        }
        await producer.close()
        for topic in ["orders", "shipments"] {
            try await Self.commit(group: "notification-service", topic: topic, offset: 1, broker: broker)
        }

        let run = try await CLIRun.orderflow(["lag", "--group", "notification-service", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutLines.first == "notification-service: total lag 0", "\(run.stdout)")
        #expect(!run.stdout.contains("payments"), "\(run.stdout)")
    }

    @Test func unknownGroupWithoutTopicsIsOneClearLine() async throws {
        let run = try await CLIRun.orderflow(["lag", "--group", "audit", "--brokers", "127.0.0.1:1"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.status == 64, "a usage error")
        #expect(run.stderr.contains("--topic"))
    }

    /// A misspelt group is not a group with nothing left to do.
    @Test func aGroupTheBrokerDoesNotKnowIsAnErrorNotTotalLagZero() async throws {
        let broker = try TestBroker.start(partitions: 1)
        let producer = try broker.producer()
        _ = try await producer.send(KafkaRecord(topic: "orders", key: Array("k".utf8), value: Array("{}".utf8)))
        await producer.close()
        try await Self.commit(group: "payment-service", topic: "orders", offset: 1, broker: broker)

        let run = try await CLIRun.orderflow(["lag", "--group", "paymnet-service", "--topic", "orders", "--brokers", broker.servers])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("unknown consumer group \"paymnet-service\""), "\(run.stderr)")
        #expect(!run.stdout.contains("total lag"))

        // The default listing names a service group that has committed nothing, without failing.
        let all = try await CLIRun.orderflow(["lag", "--brokers", broker.servers])
        #expect(all.status == 0, "stderr: \(all.stderr)")
        #expect(all.stdout.contains("shipping-service: unknown group"), "\(all.stdout)")
        #expect(all.stdout.contains("payment-service: total lag 0"), "\(all.stdout)")
    }

    @Test func lagAsJSON() async throws {
        let broker = try TestBroker.start(partitions: 1)
        let producer = try broker.producer()
        for index in 0..<3 {
            _ = try await producer.send(KafkaRecord(topic: "orders", key: Array("k\(index)".utf8), value: Array("{}".utf8)))
        }
        await producer.close()
        try await Self.commit(group: "payment-service", topic: "orders", offset: 1, broker: broker)

        let run = try await CLIRun.orderflow(["lag", "--group", "payment-service", "--json", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let group = try #require((object["groups"] as? [[String: Any]])?.first)
        #expect(group["group"] as? String == "payment-service")
        #expect(group["known"] as? Bool == true)
        #expect(group["totalLag"] as? Int == 2)
        let partition = try #require((group["partitions"] as? [[String: Any]])?.first)
        #expect(partition["committed"] as? Int == 1)
        #expect(partition["high"] as? Int == 3)
    }

    static func commit(group: String, topic: String, offset: Int64, broker: TestBroker) async throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: broker.servers, groupID: group)
        configuration.autoOffsetReset = .earliest
        configuration.sessionTimeout = .seconds(6)
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.subscribe(topics: [topic])
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(20))
        var stored = false
        while !stored, clock.now < deadline {
            let messages = try await consumer.poll(maxMessages: 10, maxWait: .milliseconds(200))
            if !messages.isEmpty {
                try consumer.store(offsets: [TopicPartition(topic: topic, partition: 0): offset])
                try await consumer.commit()
                stored = true
            }
        }
        await consumer.close()
        try #require(stored)
    }
}
