import Events
import Foundation
import Kafka
@testable import Streaming
import Testing

/// A dead-letter publish in which some letters are delivered and others fail is retried with the failed
/// ones only: each letter reaches the dead-letter topic exactly once.
///
/// The broker fails the first produce request it gets. The letters go out in two requests: the oversized
/// letter fails in the client (too large for the dead-letter topic) and follows on its own without its
/// value, so the first request carries just the small letter. The oversized letter comes first so that
/// it is already delivered when the small one's failure is seen.
@Suite(.serialized) struct DeadLetterPartialFailureTests {
    static let produceAPI: Int16 = 0
    /// Not retriable: the producer gives the letter up at once instead of retrying it itself.
    static let topicAuthorizationFailed: Int32 = 29

    static func letter(offset: Int64, valueBytes: Int) -> DeadLetter {
        let message = KafkaMessage(
            topic: TestEvents.topic, partition: 0, offset: offset, key: Array("order-\(offset)".utf8),
            value: [UInt8](repeating: 0x7B, count: valueBytes), headers: [])
        return DeadLetter(
            message: message, consumerGroup: "streaming-tests", errorClass: "not_json", errorMessage: "not JSON", attempts: 1)
    }

    /// Larger than the producer's default `message.max.bytes` (1,000,000).
    static let oversized = letter(offset: 0, valueBytes: 1_000_000)
    static let small = letter(offset: 1, valueBytes: 16)
    static let deadLetterTopic = TopicCatalog.deadLetterTopic(for: TestEvents.topic)

    @Test(.timeLimit(.minutes(1)))
    func thePublisherReportsOnlyTheUndeliveredLetters() async throws {
        let broker = try TestBroker.start(ordersPartitions: 1)
        defer { broker.shutdown() }
        let producer = try broker.producer()
        let publisher = DeadLetterPublisher(producer: producer, logger: TestLogging.logger("test.dead-letters"))

        broker.broker.pushRequestErrors(apiKey: Self.produceAPI, errors: [Self.topicAuthorizationFailed])
        let error = try await #require(throws: DeadLetterPublishError.self) {
            try await publisher.publish([Self.oversized, Self.small])
        }
        await producer.close()

        print("DEBUG", error)
        #expect(error.undelivered.map(\.message.offset) == [Self.small.message.offset])
        #expect(error.firstError.name == "TOPIC_AUTHORIZATION_FAILED")
        #expect(try await broker.messageCount(topic: Self.deadLetterTopic) == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func theLoopRetriesOnlyTheUndeliveredLetters() async throws {
        try await Harness.with(ordersPartitions: 1) { harness in
            let reader = try harness.reader(topic: Self.deadLetterTopic)
            let parts = try LoopParts(
                broker: harness.broker, database: harness.database, group: uniqueName("partial"), handlers: EventHandlers())
            harness.onTearDown { await parts.close() }

            harness.broker.broker.pushRequestErrors(apiKey: Self.produceAPI, errors: [Self.topicAuthorizationFailed])
            let published = await parts.loop.publishDeadLetters([.deadLetter(Self.oversized), .deadLetter(Self.small)])

            #expect(published)
            #expect(try await harness.broker.messageCount(topic: Self.deadLetterTopic) == 2)
            let letters = try await reader.read(count: 2).compactMap(DeadLetterRecord.init)
            #expect(letters.compactMap(\.originalOffset).sorted() == [0, 1])
            #expect(letters.first { $0.originalOffset == 0 }?.message.value == nil, "the oversized letter goes without its value")
        }
    }
}
