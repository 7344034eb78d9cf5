import Events
import Foundation
import Kafka
@testable import Streaming
import TestSupport
import Testing

/// A dead-letter publish in which some letters are delivered and others fail is retried with the failed
/// ones only: each letter reaches its dead-letter topic exactly once.
///
/// How one letter fails while the other is delivered: a produce request to `orders.dlq` is refused with
/// TOPIC_AUTHORIZATION_FAILED (injected), after which the producer itself refuses `orders.dlq` records
/// until its next metadata refresh (about a second on the dev broker) and delivers to other topics as usual.
@Suite(.serialized) struct DeadLetterPartialFailureTests {
    static let payments = letter(from: TopicCatalog.payments)
    static let orders = letter(from: TopicCatalog.orders)

    static func letter(from topic: String) -> DeadLetter {
        let message = KafkaMessage(
            topic: topic, partition: 0, offset: 7, key: Array("order-1".utf8), value: Array("{}".utf8), headers: [])
        return DeadLetter(
            message: message, consumerGroup: "streaming-tests", errorClass: "invalid_data", errorMessage: "test", attempts: 1)
    }

    /// Leaves `producer` refusing `orders.dlq` for a while.
    static func refuseOrdersDeadLetters(_ broker: TestBroker, _ producer: KafkaProducer) async throws {
        let produceAPI: Int16 = 0
        let topicAuthorizationFailed: Int32 = 29
        broker.broker.pushRequestErrors(apiKey: produceAPI, errors: [topicAuthorizationFailed])
        let probe = await producer.send([KafkaRecord(topic: TopicCatalog.deadLetterTopic(for: TopicCatalog.orders), key: nil, value: [0])])
        #expect(throws: KafkaError.self, "the probe must be refused") { try probe.first?.get() }
    }

    static func deadLetterCount(_ broker: TestBroker, _ letter: DeadLetter) async throws -> Int64 {
        try await broker.messageCount(topic: TopicCatalog.deadLetterTopic(for: letter.message.topic))
    }

    @Test(.timeLimit(.minutes(1)))
    func thePublisherReportsOnlyTheUndeliveredLetters() async throws {
        let broker = try TestBroker.start()
        defer { broker.shutdown() }
        let producer = try broker.producer()
        let publisher = DeadLetterPublisher(producer: producer, logger: TestLogging.logger("test.dead-letters"))

        try await Self.refuseOrdersDeadLetters(broker, producer)
        let error = try await #require(throws: DeadLetterPublishError.self) {
            try await publisher.publish([Self.payments, Self.orders])
        }
        await producer.close()

        #expect(error.undelivered.map(\.message.topic) == [TopicCatalog.orders])
        #expect(error.firstError.name == "TOPIC_AUTHORIZATION_FAILED")
        #expect(try await Self.deadLetterCount(broker, Self.payments) == 1)
        #expect(try await Self.deadLetterCount(broker, Self.orders) == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func theLoopRetriesOnlyTheUndeliveredLetters() async throws {
        try await Harness.with { harness in
            let parts = try LoopParts(
                broker: harness.broker, database: harness.database, group: uniqueName("partial"), handlers: EventHandlers())
            harness.onTearDown { await parts.close() }

            try await Self.refuseOrdersDeadLetters(harness.broker, parts.producer)
            let published = await parts.loop.publishDeadLetters([.deadLetter(Self.payments), .deadLetter(Self.orders)])

            #expect(published)
            #expect(try await Self.deadLetterCount(harness.broker, Self.payments) == 1)
            #expect(try await Self.deadLetterCount(harness.broker, Self.orders) == 1)
        }
    }
}
