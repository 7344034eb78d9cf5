import Foundation
import Kafka
import Streaming
import Testing

/// Reading any message on a dead-letter topic: headers it lacks stay nil, so a foreign message can be
/// listed, and told apart from what the runtime writes.
@Suite struct DeadLetterRecordReadingTests {
    static func message(_ headers: [KafkaHeader]) -> KafkaMessage {
        KafkaMessage(topic: "orders.dlq", partition: 0, offset: 3, key: nil, value: Array("hand-made".utf8), headers: headers)
    }

    @Test func aForeignMessageReadsWithEveryHeaderMissing() {
        let record = DeadLetterRecord(reading: Self.message([KafkaHeader(key: "ce_type", string: "order.placed")]))
        #expect(!record.isRuntimeDeadLetter)
        #expect(record.recordedOriginalTopic == nil)
        #expect(record.recordedErrorClass == nil)
        #expect(record.recordedErrorMessage == nil)
        #expect(record.originalPartition == nil && record.originalOffset == nil && record.attempts == nil)
        #expect(record.location == "orders.dlq/0/3")
        #expect(DeadLetterRecord(Self.message([])) == nil)
    }

    @Test func anEmptyHeaderIsRecordedAsEmptyNotMissing() {
        let record = DeadLetterRecord(reading: Self.message([
            KafkaHeader(key: DeadLetterHeaders.originalTopic, string: ""),
            KafkaHeader(key: DeadLetterHeaders.errorClass, string: "not_json"),
            KafkaHeader(key: DeadLetterHeaders.errorMessage, string: ""),
        ]))
        #expect(record.recordedOriginalTopic == "")
        #expect(record.recordedErrorMessage == "")
        #expect(!record.isRuntimeDeadLetter, "an empty original topic names nowhere to replay to")
    }

    @Test func whatTheRuntimeWritesIsARuntimeDeadLetterEitherWay() throws {
        let original = KafkaMessage(topic: "orders", partition: 1, offset: 9, key: nil, value: [1], headers: [])
        let letter = DeadLetter(message: original, consumerGroup: "g", errorClass: "c", errorMessage: "m", attempts: 2)
        let fetched = Self.message(letter.record.headers)
        let tolerant = DeadLetterRecord(reading: fetched)
        let strict = try #require(DeadLetterRecord(fetched))
        #expect(tolerant.isRuntimeDeadLetter)
        #expect(tolerant.recordedOriginalTopic == strict.originalTopic)
        #expect(tolerant.recordedErrorClass == "c" && strict.errorClass == "c")
        #expect(tolerant.recordedErrorMessage == "m" && strict.errorMessage == "m")
        #expect(tolerant.originalOffset == 9 && tolerant.attempts == 2)
    }
}
