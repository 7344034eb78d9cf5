import Foundation
import Kafka
@testable import Streaming
import TestSupport
import Testing

/// A process that dies after its batch transaction committed but before its offsets were committed:
/// the group redelivers the batch and the dedupe record absorbs it.
@Suite(.serialized) struct CrashBeforeOffsetCommitTests {
    @Test(.timeLimit(.minutes(1)))
    func redeliveryAfterTheDatabaseCommitHasNoSecondEffect() async throws {
        try await Harness.with { harness in
            let samples = try (0..<20).map { try TestEvents.confirmed(amount: Int64($0)) }
            try await harness.broker.send(samples.map { TestEvents.record($0) })
            let group = uniqueName("crash")

            // The first incarnation fetches and commits its effects, then "dies": no offset is stored or
            // committed, and its consumer goes away.
            let first = try LoopParts(
                broker: harness.broker, database: harness.database, group: group, handlers: Ledger.handlers())
            try first.consumer.subscribe(topics: [TestEvents.topic])
            var fetched: [KafkaMessage] = []
            try await waitUntil("the first incarnation fetched every message") {
                fetched += try await first.consumer.poll(maxMessages: 100, maxWait: .milliseconds(100))
                return fetched.count >= samples.count
            }
            let outcomes = try #require(await first.loop.process(fetched, retries: PartitionRetries()))
            #expect(outcomes.allSatisfy { if case .processed = $0 { true } else { false } })
            #expect(try await Ledger.rows(in: harness.database) == samples.count)
            await first.close()

            let second = try harness.startLoop(group: group, handlers: Ledger.handlers())
            try await waitUntil("every message redelivered and seen as a duplicate") {
                second.metrics.total(MetricNames.duplicates) == Double(samples.count)
            }
            try await second.stop()

            #expect(second.metrics.total(MetricNames.eventsProcessed) == 0)
            #expect(try await Ledger.rows(in: harness.database) == samples.count)
            #expect(try await harness.database.count("SELECT count(*) FROM outbox") == samples.count)
            #expect(try await harness.database.count("SELECT count(DISTINCT event_id) FROM ledger") == samples.count)
        }
    }
}
