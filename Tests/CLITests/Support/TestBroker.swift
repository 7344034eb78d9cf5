import KafkaDevBroker
import Foundation
import Kafka

/// An in-process dev broker with the pipeline's topics, for the CLI binary to connect to.
struct TestBroker {
    let broker: DevBroker
    var servers: String { broker.bootstrapServers }

    /// Main topics with `partitions` partitions, dead-letter topics with one.
    static let mainTopics = ["order-requests", "orders", "payments", "inventory", "shipments"]

    static func start(topics: Bool = true, partitions: Int32 = 3) throws -> TestBroker {
        let broker = try DevBroker()
        if topics {
            for topic in mainTopics {
                try broker.createTopic(topic, partitions: partitions)
                try broker.createTopic(topic + ".dlq", partitions: 1)
            }
        }
        return TestBroker(broker: broker)
    }

    func producer() throws -> KafkaProducer {
        try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: servers))
    }

    /// Reads `topic` from the beginning until `count` messages arrived or `timeout` passed.
    func read(_ topic: String, count: Int, timeout: Duration = .seconds(20)) async throws -> [KafkaMessage] {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: servers, groupID: "cli-test-\(UUID().uuidString)")
        configuration.autoOffsetReset = .earliest
        configuration.sessionTimeout = .seconds(6)
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.subscribe(topics: [topic])
        var messages: [KafkaMessage] = []
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while messages.count < count, clock.now < deadline {
            messages += try await consumer.poll(maxMessages: 100, maxWait: .milliseconds(200))
        }
        await consumer.close()
        return messages
    }

    func highWatermark(_ topic: String, partitions: Int32) async throws -> Int64 {
        let admin = try KafkaAdmin(bootstrapServers: servers)
        defer { admin.close() }
        var total: Int64 = 0
        for partition in 0..<partitions {
            total += try await admin.watermarks(TopicPartition(topic: topic, partition: partition)).high
        }
        return total
    }
}
