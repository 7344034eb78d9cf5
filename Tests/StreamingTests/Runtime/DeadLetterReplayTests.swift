import Events
import Foundation
import Kafka
import Streaming
import Synchronization
import TestSupport
import Testing

/// Replaying a dead letter to its original topic: the group that had failed it processes it once, and a
/// group that had already processed it ignores it.
@Suite(.serialized) struct DeadLetterReplayTests {
    @Test(.timeLimit(.minutes(1)))
    func aReplayIsProcessedOnceByTheFailedGroupAndIgnoredByTheOthers() async throws {
        try await Harness.with { harness in
            let sample = try TestEvents.confirmed(amount: 42)
            let broken = Atomic<Bool>(true)
            let failing = Ledger.handlers { _, _, _ in
                if broken.load(ordering: .acquiring) { throw HandlerError.permanent("credit check service rejected the call") }
            }
            let failingGroup = uniqueName("failing")
            let healthyGroup = uniqueName("healthy")
            let deadLetters = try harness.reader(topic: TopicCatalog.deadLetterTopic(for: TestEvents.topic))
            let original = try harness.reader(topic: TestEvents.topic)
            try await harness.broker.send([TestEvents.record(sample)])
            let failingLoop = try harness.startLoop(group: failingGroup, handlers: failing)
            let healthyLoop = try harness.startLoop(group: healthyGroup, handlers: Ledger.handlers())

            let letters = try await deadLetters.read(count: 1)
            try await waitUntil("the healthy group processed the event") {
                try await Ledger.rows(in: harness.database, group: healthyGroup) == 1
            }
            let letter = try #require(letters.first.flatMap(DeadLetterRecord.init))
            #expect(letter.consumerGroup == failingGroup)
            #expect(try await Ledger.rows(in: harness.database, group: failingGroup) == 0)

            broken.store(false, ordering: .releasing)
            let producer = try harness.broker.producer()
            let report = try await DeadLetterReplayer(producer: producer).replay(letter)
            await producer.close()
            #expect(report.topic == TestEvents.topic)

            try await waitUntil("the failing group processed the replay") {
                try await Ledger.rows(in: harness.database, group: failingGroup) == 1
            }
            try await waitUntil("the healthy group saw the replay as a duplicate") {
                healthyLoop.metrics.total(MetricNames.duplicates) == 1
            }
            try await failingLoop.stop()
            try await healthyLoop.stop()

            #expect(try await Ledger.rows(in: harness.database, group: healthyGroup) == 1)
            #expect(try await Ledger.rows(in: harness.database, group: failingGroup) == 1)
            #expect(failingLoop.metrics.total(MetricNames.deadLetters) == 1)

            // On the topic: the original bytes again, its own headers, and where it was replayed from.
            let messages = try await original.read(count: 2)
            #expect(messages.count == 2)
            let replayed = try #require(messages.first { $0.offset == report.offset && $0.partition == report.partition })
            #expect(replayed.key == sample.key)
            #expect(replayed.value == sample.value)
            #expect(replayed.headers.string(named: DeadLetterHeaders.replayedFrom) == letter.location)
            #expect(replayed.headers.filter { DeadLetterHeaders.isDeadLetterHeader($0.key) }.count == 1)
            #expect(Array(replayed.headers.dropLast()) == TestEvents.record(sample).headers)
        }
    }
}
