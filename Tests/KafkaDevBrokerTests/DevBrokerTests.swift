import Kafka
import KafkaDevBroker
import TestSupport
import Testing

@Suite struct DevBrokerTests {
    @Test(.timeLimit(.minutes(1)))
    func twoBrokersRunIndependentlyInOneProcess() async throws {
        let first = try KafkaTesting.broker()
        let second = try KafkaTesting.broker()
        #expect(first.bootstrapServers != second.bootstrapServers)
        let topic = KafkaTesting.unique("only-on-first")
        try first.createTopic(topic, partitions: 2)

        let firstAdmin = try KafkaAdmin(bootstrapServers: first.bootstrapServers, logger: KafkaTesting.logger("test.admin"))
        let secondAdmin = try KafkaAdmin(bootstrapServers: second.bootstrapServers, logger: KafkaTesting.logger("test.admin"))
        #expect(try await firstAdmin.listTopics().map(\.name).contains(topic))
        #expect(try await secondAdmin.listTopics().map(\.name).contains(topic) == false)
        firstAdmin.close()
        secondAdmin.close()

        first.shutdown()
        first.shutdown()  // idempotent
        #expect(throws: KafkaError.self) { try first.createTopic("late", partitions: 1) }

        let stillRunning = KafkaTesting.unique("second")
        try second.createTopic(stillRunning, partitions: 1)
        let producer = try KafkaTesting.producer(second)
        let report = try await producer.send(KafkaRecord(topic: stillRunning, key: nil, value: [1]))
        #expect(report.offset == 0)
        await producer.close()
    }

    /// Why other processes cannot create topics on it over the wire, and what a tool asking the cluster
    /// first (`orderflow bench --brokers`) learns before trying.
    @Test(.timeLimit(.minutes(1)))
    func offersNoTopicAdministrationOverTheWire() async throws {
        let broker = try KafkaTesting.broker()
        defer { broker.shutdown() }
        let admin = try KafkaAdmin(bootstrapServers: broker.bootstrapServers, logger: KafkaTesting.logger("test.admin"))
        defer { admin.close() }
        let only = try #require(try await admin.describeCluster().brokers.first)
        let versions = try await admin.apiVersions(of: only)
        #expect(!versions.supports(.createTopics) && !versions.supports(.deleteTopics), "\(versions)")
        #expect(versions.supports(.produce) && versions.supports(.fetch))
    }

    @Test func multiBrokerClusterListsEveryBroker() throws {
        let broker = try DevBroker(brokers: 3, logger: KafkaTesting.logger("test.devbroker"))
        #expect(broker.bootstrapServers.split(separator: ",").count == 3)
        try broker.createTopic(KafkaTesting.unique("replicated"), partitions: 3, replicationFactor: 3)
        #expect(throws: KafkaError.self) { try DevBroker(brokers: 0) }
        #expect(throws: KafkaError.self) { try broker.createTopic("empty", partitions: 0) }
    }

    @Test(.timeLimit(.minutes(1)))
    func injectedProduceErrorsAreRetriedOrReported() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("faults")
        try broker.createTopic(topic, partitions: 1)
        let producer = try KafkaTesting.producer(broker)
        _ = try await producer.send(KafkaRecord(topic: topic, key: nil, value: [0]))  // connection warmed up

        let produceAPI: Int16 = 0
        let notEnoughReplicas: Int32 = 19
        broker.pushRequestErrors(apiKey: produceAPI, errors: [notEnoughReplicas, notEnoughReplicas])
        let retried = try await producer.send(KafkaRecord(topic: topic, key: nil, value: [1]))
        #expect(retried.offset == 1)

        let topicAuthorizationFailed: Int32 = 29
        broker.pushRequestErrors(apiKey: produceAPI, errors: [topicAuthorizationFailed])
        let error = try await #require(throws: KafkaError.self) {
            try await producer.send(KafkaRecord(topic: topic, key: nil, value: [2]))
        }
        #expect(error.name == "TOPIC_AUTHORIZATION_FAILED")
        #expect(!error.isRetriable)

        await producer.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func clearedRequestErrorsAreNotInjected() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("cleared")
        try broker.createTopic(topic, partitions: 1)
        let produceAPI: Int16 = 0
        let topicAuthorizationFailed: Int32 = 29
        broker.pushRequestErrors(apiKey: produceAPI, errors: [topicAuthorizationFailed])
        broker.clearRequestErrors(apiKey: produceAPI)
        let producer = try KafkaTesting.producer(broker)
        let report = try await producer.send(KafkaRecord(topic: topic, key: nil, value: [1]))
        #expect(report.offset == 0)
        await producer.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func brokerDownMakesSendsTimeOutUntilItIsBackUp() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("down")
        try broker.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: {
                var configuration = KafkaProducerConfiguration(bootstrapServers: broker.bootstrapServers)
                configuration.messageTimeout = .milliseconds(1500)
                configuration.raw = ["reconnect.backoff.max.ms": "200"]
                return configuration
            }(),
            logger: KafkaTesting.silentLogger
        )
        _ = try await producer.send(KafkaRecord(topic: topic, key: nil, value: [0]))

        try broker.setBrokerDown(1)
        let error = try await #require(throws: KafkaError.self) {
            try await producer.send(KafkaRecord(topic: topic, key: nil, value: [1]))
        }
        #expect(error.isTimeout)

        try broker.setBrokerUp(1)
        let clock = ContinuousClock()
        var delivered: DeliveryReport?
        let deadline = clock.now + .seconds(15)
        while delivered == nil, clock.now < deadline {
            delivered = try? await producer.send(KafkaRecord(topic: topic, key: nil, value: [2]))
        }
        #expect(delivered != nil)
        await producer.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func roundTripTimeDelaysDelivery() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("slow")
        try broker.createTopic(topic, partitions: 1)
        let producer = try KafkaTesting.producer(broker)
        _ = try await producer.send(KafkaRecord(topic: topic, key: nil, value: [0]))
        try broker.setRoundTripTime(1, .milliseconds(400))
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await producer.send(KafkaRecord(topic: topic, key: nil, value: [1]))
        #expect(clock.now - start >= .milliseconds(350))
        try broker.setRoundTripTime(1, .zero)
        await producer.close()
    }
}
