import Foundation
import Kafka
import Streaming
import Testing

/// Reading dead letters back: what the runtime writes parses, anything else is refused or read leniently.
@Suite struct DeadLetterRecordTests {
    static let original = KafkaMessage(
        topic: "orders", partition: 3, offset: 17, key: Array("k".utf8), value: [1, 2, 3],
        headers: [KafkaHeader(key: "ce_type", string: "order.placed"), KafkaHeader(key: "x-null", value: nil)],
        timestamp: Date(timeIntervalSince1970: 1_700_000_000.123))

    /// A dead letter as the runtime produces it, as a consumer of the dead-letter topic fetches it.
    static func fetched(_ letter: DeadLetter, offset: Int64 = 5) -> KafkaMessage {
        let record = letter.record
        return KafkaMessage(
            topic: record.topic, partition: 0, offset: offset, key: record.key, value: record.value, headers: record.headers)
    }

    @Test func whatTheRuntimeWritesReadsBack() throws {
        let failedAt = Date(timeIntervalSince1970: 1_700_000_100.456)
        let letter = DeadLetter(
            message: Self.original, consumerGroup: "payment-service", errorClass: "business_rule",
            errorMessage: "customer is blocked", attempts: 4, failedAt: failedAt)
        let record = try #require(DeadLetterRecord(Self.fetched(letter)))
        #expect(record.message.topic == "orders.dlq")
        #expect(record.originalTopic == "orders")
        #expect(record.originalPartition == 3)
        #expect(record.originalOffset == 17)
        #expect(record.originalTimestamp == Date(timeIntervalSince1970: 1_700_000_000.123))
        #expect(record.consumerGroup == "payment-service")
        #expect(record.errorClass == "business_rule")
        #expect(record.errorMessage == "customer is blocked")
        #expect(record.attempts == 4)
        #expect(record.failedAt.map { abs($0.timeIntervalSince(failedAt)) < 0.001 } == true)
        #expect(record.originalHeaders == Self.original.headers)
        #expect(record.location == "orders.dlq/0/5")
    }

    @Test func aMessageWithoutTheOriginalTopicOrErrorClassIsNoDeadLetter() {
        var headers = [KafkaHeader(key: DeadLetterHeaders.originalTopic, string: "orders")]
        #expect(DeadLetterRecord(KafkaMessage(topic: "orders.dlq", partition: 0, offset: 0, key: nil, value: nil, headers: headers)) == nil)
        headers = [KafkaHeader(key: DeadLetterHeaders.errorClass, string: "not_json")]
        #expect(DeadLetterRecord(KafkaMessage(topic: "orders.dlq", partition: 0, offset: 0, key: nil, value: nil, headers: headers)) == nil)
    }

    @Test func malformedOptionalHeadersReadAsNil() throws {
        let headers = [
            KafkaHeader(key: DeadLetterHeaders.originalTopic, string: "orders"),
            KafkaHeader(key: DeadLetterHeaders.errorClass, string: "not_json"),
            KafkaHeader(key: DeadLetterHeaders.originalPartition, string: "three"),
            KafkaHeader(key: DeadLetterHeaders.attempts, value: [0xFF]),
            KafkaHeader(key: DeadLetterHeaders.failedAt, string: "yesterday"),
        ]
        let record = try #require(DeadLetterRecord(
            KafkaMessage(topic: "orders.dlq", partition: 0, offset: 0, key: nil, value: nil, headers: headers)))
        #expect(record.originalPartition == nil)
        #expect(record.attempts == nil)
        #expect(record.failedAt == nil)
        #expect(record.errorMessage == "")
    }

    @Test func theReplayRecordCarriesTheOriginalBytesAndWhereItCameFrom() throws {
        let letter = DeadLetter(message: Self.original, consumerGroup: "g", errorClass: "c", errorMessage: "m", attempts: 1)
        let record = try #require(DeadLetterRecord(Self.fetched(letter, offset: 9)))
        let replay = DeadLetterReplayer.replayRecord(for: record)
        #expect(replay.topic == "orders")
        #expect(replay.key == Self.original.key)
        #expect(replay.value == Self.original.value)
        #expect(replay.partition == nil)
        #expect(replay.headers == Self.original.headers + [KafkaHeader(key: DeadLetterHeaders.replayedFrom, string: "orders.dlq/0/9")])
    }
}
