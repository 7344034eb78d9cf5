import Kafka
import TestSupport
import Testing

@Suite struct BadInputTests {
    static let unreachable = "127.0.0.1:1"

    @Test(.timeLimit(.minutes(1)))
    func sendToUnreachableBrokerFailsWithinMessageTimeout() async throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: Self.unreachable)
        configuration.messageTimeout = .seconds(2)
        let producer = try KafkaProducer(configuration: configuration, logger: KafkaTesting.silentLogger)
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await #require(throws: KafkaError.self) {
            try await producer.send(KafkaRecord(topic: "anything", key: nil, value: [1, 2, 3]))
        }
        let elapsed = clock.now - start
        #expect(elapsed < .seconds(5))
        #expect(elapsed >= .seconds(1))
        #expect(error.name == "_MSG_TIMED_OUT")
        #expect(error.isTimeout)
        #expect(error.isRetriable)
        #expect(error.message.contains("anything"))
        await producer.close(timeout: .milliseconds(100))
    }

    @Test(.timeLimit(.minutes(1)))
    func checkConnectionToUnreachableBrokerTimesOut() async throws {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: Self.unreachable),
            logger: KafkaTesting.silentLogger
        )
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await #require(throws: KafkaError.self) { try await producer.checkConnection(timeout: .seconds(1)) }
        #expect(clock.now - start < .seconds(4))
        #expect(error.isTimeout)
        await producer.close(timeout: .milliseconds(100))
    }

    @Test func checkConnectionSucceedsAgainstALiveBroker() async throws {
        let broker = try KafkaTesting.broker()
        let producer = try KafkaTesting.producer(broker)
        try await producer.checkConnection(timeout: .seconds(5))
        await producer.close()
    }

    @Test func unknownRawConfigurationKeyIsNamedInTheError() throws {
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: Self.unreachable)
        producerConfiguration.raw = ["no.such.setting": "1"]
        let producerError = try #require(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: producerConfiguration)
        }
        #expect(producerError.message.contains("no.such.setting"))
        #expect(producerError.name == "_INVALID_ARG")

        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: Self.unreachable, groupID: "g")
        consumerConfiguration.raw = ["fetch.wait.max.ms": "not-a-number"]
        let consumerError = try #require(throws: KafkaError.self) {
            _ = try KafkaConsumer(configuration: consumerConfiguration)
        }
        #expect(consumerError.message.contains("fetch.wait.max.ms"))

        let adminError = try #require(throws: KafkaError.self) {
            _ = try KafkaAdmin(bootstrapServers: Self.unreachable, raw: ["bogus.key": "x"])
        }
        #expect(adminError.message.contains("bogus.key"))
    }

    @Test func conflictingSettingsFailAtCreation() throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: Self.unreachable)
        configuration.acks = .leader  // idempotence requires acks=all
        #expect(throws: KafkaError.self) { _ = try KafkaProducer(configuration: configuration) }
    }

    /// The 2.0.2 mock only speaks Metadata v0-v2, which has no "allow auto-creation" flag, so it auto-creates
    /// any topic a client asks about (with 4 partitions) even when the producer disables auto-creation.
    /// What matters is that sending to a missing topic resolves promptly instead of hanging.
    @Test(.timeLimit(.minutes(1)))
    func sendingToAMissingTopicResolvesPromptly() async throws {
        let broker = try KafkaTesting.broker()
        let producer = try KafkaTesting.producer(broker) { $0.messageTimeout = .seconds(3) }
        let topic = KafkaTesting.unique("missing")
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await producer.send([KafkaRecord(topic: topic, key: Array("k".utf8), value: [1])])
        #expect(clock.now - start < .seconds(5))
        let report = try #require(try outcome.first?.get(), "the mock auto-creates the topic")
        #expect(report.topic == topic)
        let admin = try KafkaAdmin(bootstrapServers: broker.bootstrapServers, logger: KafkaTesting.logger("test.admin"))
        #expect(try await admin.describeTopic(topic).partitions.count == 4)
        admin.close()
        await producer.close()
    }

    @Test func sendingToAnInvalidPartitionFails() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("partitions")
        try broker.createTopic(topic, partitions: 1)
        let producer = try KafkaTesting.producer(broker) { $0.messageTimeout = .seconds(3) }
        let error = try await #require(throws: KafkaError.self) {
            try await producer.send(KafkaRecord(topic: topic, key: nil, value: [1], partition: 7))
        }
        #expect(error.name == "_UNKNOWN_PARTITION")
        await producer.close()
    }

    @Test func callsAfterCloseThrowInsteadOfCrashing() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("closed")
        try broker.createTopic(topic, partitions: 1)
        let producer = try KafkaTesting.producer(broker)
        await producer.close()
        await producer.close()  // idempotent
        let sendError = try await #require(throws: KafkaError.self) {
            try await producer.send(KafkaRecord(topic: topic, key: nil, value: [1]))
        }
        #expect(sendError.name == "_DESTROY")

        let consumer = try KafkaTesting.consumer(broker, group: KafkaTesting.unique("group"), topics: [topic])
        await consumer.close()
        await consumer.close()
        await #expect(throws: KafkaError.self) { try await consumer.poll(maxMessages: 1, maxWait: .milliseconds(10)) }
        #expect(throws: KafkaError.self) { try consumer.assignment() }
    }
}
