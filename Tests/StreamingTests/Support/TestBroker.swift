import KafkaDevBroker
import Events
import Kafka
import Logging
import TestSupport

/// An in-process dev broker for one test, with the test topics and their dead-letter topics.
struct TestBroker: Sendable {
    let broker: DevBroker

    var bootstrapServers: String { broker.bootstrapServers }

    /// `orders` (the input) with `ordersPartitions`; `payments` (where the handlers' events go) with 4.
    static func start(ordersPartitions: Int32 = 2) throws -> TestBroker {
        let broker = try DevBroker(logger: TestLogging.logger("test.devbroker"))
        try broker.createTopic(TopicCatalog.orders, partitions: ordersPartitions)
        try broker.createTopic(TopicCatalog.deadLetterTopic(for: TopicCatalog.orders), partitions: 1)
        try broker.createTopic(TopicCatalog.payments, partitions: 4)
        try broker.createTopic(TopicCatalog.deadLetterTopic(for: TopicCatalog.payments), partitions: 1)
        return TestBroker(broker: broker)
    }

    func producer(_ configure: (inout KafkaProducerConfiguration) -> Void = { _ in }) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
        configure(&configuration)
        return try KafkaProducer(configuration: configuration, logger: TestLogging.logger("test.producer"))
    }

    /// A short session timeout keeps the mock's rebalances (which wait session timeout - 1 s) quick.
    func consumerConfiguration(group: String) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: group)
        configuration.sessionTimeout = .seconds(3)
        return configuration
    }

    /// Sends the records and fails unless every one was delivered.
    @discardableResult
    func send(_ records: [KafkaRecord]) async throws -> [DeliveryReport] {
        let producer = try producer()
        let results = await producer.send(records)
        await producer.close()
        return try results.map { try $0.get() }
    }

    func admin() throws -> KafkaAdmin {
        try KafkaAdmin(bootstrapServers: bootstrapServers, logger: TestLogging.logger("test.admin"))
    }

    /// How many messages a topic holds (high minus low watermark, over its partitions).
    func messageCount(topic: String, partitions: Int32 = 1) async throws -> Int64 {
        let admin = try admin()
        defer { admin.close() }
        var total: Int64 = 0
        for partition in 0..<partitions {
            let marks = try await admin.watermarks(TopicPartition(topic: topic, partition: partition))
            total += marks.high - marks.low
        }
        return total
    }

    /// The group's committed offsets on a topic (next offset to read), nil where it never committed.
    func committedOffsets(group: String, topic: String) async throws -> [Int32: Int64?] {
        let admin = try admin()
        defer { admin.close() }
        let lags = try await admin.consumerLag(group: group, topics: [topic])
        return Dictionary(uniqueKeysWithValues: lags.map { ($0.topicPartition.partition, $0.committed) })
    }

    func shutdown() { broker.shutdown() }
}

/// Reads a topic from the beginning with a group of its own. Subscribing at once lets the group join
/// (which takes the mock seconds) overlap with the rest of the test.
final class TopicReader: Sendable {
    let consumer: KafkaConsumer

    init(_ broker: TestBroker, topic: String) throws {
        consumer = try KafkaConsumer(
            configuration: broker.consumerConfiguration(group: uniqueName("reader")),
            logger: TestLogging.logger("test.reader"))
        try consumer.subscribe(topics: [topic])
    }

    /// Polls until `count` messages arrived (then a little longer, to catch any extra ones), or until
    /// `timeout`; returns what arrived.
    func read(count: Int, timeout: Duration = .seconds(20), linger: Duration = .milliseconds(300)) async throws -> [KafkaMessage] {
        let deadline = ContinuousClock.now + timeout
        var messages: [KafkaMessage] = []
        while messages.count < count, ContinuousClock.now < deadline {
            messages += try await consumer.poll(maxMessages: 1000, maxWait: .milliseconds(100))
        }
        let lingerEnd = ContinuousClock.now + linger
        while ContinuousClock.now < lingerEnd {
            messages += try await consumer.poll(maxMessages: 1000, maxWait: .milliseconds(50))
        }
        return messages
    }

    func close() async { await consumer.close() }
}
