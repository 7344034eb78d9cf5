import Kafka
import TestSupport
import Testing

@Suite struct AdminTests {
    @Test(.timeLimit(.minutes(1)))
    func createTopicsTwiceThenListAndDescribe() async throws {
        let broker = try KafkaTesting.broker()
        let admin = try KafkaAdmin(bootstrapServers: broker.bootstrapServers, logger: KafkaTesting.logger("test.admin"))
        let orders = KafkaTesting.unique("orders")
        let payments = KafkaTesting.unique("payments")
        let specs = [TopicSpec(name: orders, partitions: 6), TopicSpec(name: payments, partitions: 3, configs: ["retention.ms": "60000"])]
        try broker.createTopics(specs, timeout: .seconds(5))
        try broker.createTopics(specs, timeout: .seconds(5))  // already exists: not an error

        let topics = try await admin.listTopics()
        #expect(topics.first { $0.name == orders }?.partitions == Array(0..<6))
        #expect(topics.first { $0.name == payments }?.partitions == Array(0..<3))
        #expect(topics.allSatisfy { !$0.name.hasPrefix("__") })
        #expect(try await admin.describeTopic(payments).partitions.count == 3)

        let error = try await #require(throws: KafkaError.self) { try await admin.describeTopic("no-such-topic") }
        #expect(error.name == "UNKNOWN_TOPIC_OR_PART")
        #expect(error.message.contains("no-such-topic"))
        // Describing must not have created it.
        #expect(try await admin.listTopics().contains { $0.name == "no-such-topic" } == false)
        admin.close()
    }

    /// The admin API skips topics that exist, so it succeeds without needing the CreateTopics request (which
    /// the dev broker does not support).
    @Test(.timeLimit(.minutes(1)))
    func createTopicsOverTheWireSkipsExistingTopics() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("existing")
        try broker.createTopic(topic, partitions: 2)
        let port = try #require(broker.bootstrapServers.split(separator: ":").last)
        let admin = try KafkaAdmin(bootstrapServers: "localhost:\(port)", logger: KafkaTesting.logger("test.admin"))
        try await admin.createTopics([TopicSpec(name: topic, partitions: 2)], timeout: .seconds(5))
        #expect(try await admin.describeTopic(topic).partitions == [0, 1])
        admin.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func consumerLagReportsCommittedHighAndLag() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("lag")
        try broker.createTopic(topic, partitions: 2)
        let admin = try KafkaAdmin(bootstrapServers: broker.bootstrapServers, logger: KafkaTesting.logger("test.admin"))
        let producer = try KafkaTesting.producer(broker)
        let records = (0..<10).map { KafkaRecord(topic: topic, key: nil, value: Array("\($0)".utf8), partition: 0) }
            + (0..<4).map { KafkaRecord(topic: topic, key: nil, value: Array("\($0)".utf8), partition: 1) }
        for result in await producer.send(records) { _ = try result.get() }
        await producer.close()

        let group = KafkaTesting.unique("group")
        let consumer = try KafkaTesting.consumer(broker, group: group, topics: [topic])
        let messages = try await KafkaTesting.poll(consumer, count: 14, timeout: .seconds(15))
        #expect(messages.count == 14)
        try consumer.store(messages.filter { $0.partition == 0 && $0.offset < 6 })
        try await consumer.commit()

        let lag = try await admin.consumerLag(group: group, topics: [topic])
        #expect(lag.count == 2)
        let first = try #require(lag.first { $0.topicPartition.partition == 0 })
        #expect(first.committed == 6)
        #expect(first.low == 0)
        #expect(first.high == 10)
        #expect(first.lag == 4)
        let second = try #require(lag.first { $0.topicPartition.partition == 1 })
        #expect(second.committed == nil)
        #expect(second.high == 4)
        #expect(second.lag == 4)

        #expect(try await admin.watermarks(TopicPartition(topic: topic, partition: 0)) == (0, 10))
        await consumer.close()
        admin.close()
    }

    /// A group reader leaves its coordinator when it is destroyed; once `closeAndWait` returns that is
    /// done, so stopping the broker right after it makes no client report a refused connection.
    @Test(.timeLimit(.minutes(1)))
    func closeAndWaitLetsTheBrokerStopQuietly() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("close")
        try broker.createTopic(topic, partitions: 1)
        let capture = LogCapture()
        let admin = try KafkaAdmin(bootstrapServers: broker.bootstrapServers, logger: capture.logger("test.admin"))
        for index in 0..<3 {
            _ = try await admin.consumerLag(group: KafkaTesting.unique("group-\(index)"), topics: [topic])
        }
        await admin.closeAndWait()
        broker.shutdown()
        try await Task.sleep(for: .seconds(2))
        #expect(!capture.contains("Connection refused"))
        await #expect(throws: KafkaError.self) { try await admin.describeTopic(topic) }
    }
}
