@testable import Bench
import Events
import Kafka
import Testing

/// The relay scenario's checker: per-key order, repeats and the producers' warm-up records.
struct RelayOrderCheckerTests {
    private func record(key: Int, sequence: Int) -> KafkaMessage {
        let id = RelayWorkload.eventID(key: key, sequence: sequence)
        return KafkaMessage(topic: "t", partition: 0, offset: 0, key: nil, value: nil, headers: [KafkaHeader(key: EventHeaders.id, string: id)])
    }

    @Test func eventIDsOfTheFillDecodeToTheirKeyAndSequence() {
        let decoded = RelayWorkload.decode(eventID: RelayWorkload.eventID(key: 300, sequence: 7))
        #expect(decoded?.key == 300)
        #expect(decoded?.sequence == 7)
    }

    @Test func aKeysSequenceGoingBackIsAViolationAndARepeatIsADuplicate() {
        let checker = OrderChecker()
        for (key, sequence) in [(1, 1), (2, 1), (1, 2), (1, 3), (2, 2)] { #expect(checker.check(record(key: key, sequence: sequence))) }
        #expect(checker.violations == 0)
        checker.check(record(key: 1, sequence: 3))
        #expect(checker.duplicates == 1)
        #expect(checker.violations == 0)
        checker.check(record(key: 3, sequence: 5))
        checker.check(record(key: 3, sequence: 4))
        #expect(checker.violations == 1)
    }

    @Test func warmUpRecordsAreSkippedAndUnreadableOnesCountAsViolations() {
        let checker = OrderChecker()
        let warmUp = KafkaMessage(
            topic: "t", partition: 0, offset: 0, key: nil, value: [], headers: [KafkaHeader(key: OrderChecker.warmUpHeader, string: "1")])
        #expect(!checker.check(warmUp))
        #expect(checker.violations == 0)
        let unreadable = KafkaMessage(topic: "t", partition: 0, offset: 1, key: nil, value: [])
        #expect(checker.check(unreadable))
        #expect(checker.violations == 1)
    }
}
