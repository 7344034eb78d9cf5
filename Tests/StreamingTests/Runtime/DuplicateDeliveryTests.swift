import Foundation
import Kafka
import Streaming
import TestSupport
import Testing

/// The same event delivered again and again (in one batch and in later batches) has one effect and one
/// set of outbox rows.
@Suite(.serialized) struct DuplicateDeliveryTests {
    @Test(.timeLimit(.minutes(1)))
    func repeatedDeliveryHasOneEffectAndOneOutboxRow() async throws {
        try await Harness.with { harness in
            let twice = try TestEvents.confirmed(amount: 1)
            let hundred = try TestEvents.confirmed(amount: 2)
            try await harness.broker.send(
                [TestEvents.record(twice)] + Array(repeating: TestEvents.record(hundred), count: 100))
            let group = uniqueName("dupes")
            let loop = try harness.startLoop(group: group, handlers: Ledger.handlers())

            try await waitUntil("100 deliveries seen, 99 as duplicates") {
                loop.metrics.total(MetricNames.duplicates) == 99
            }
            // The second copy of `twice` arrives in a later batch than its first.
            try await harness.broker.send([TestEvents.record(twice)])
            try await waitUntil("the late copy seen as a duplicate") { loop.metrics.total(MetricNames.duplicates) == 100 }
            try await loop.stop()

            let database = harness.database
            #expect(try await Ledger.rows(in: database) == 2)
            for sample in [twice, hundred] {
                #expect(try await database.count("SELECT count(*) FROM ledger WHERE event_id = $1", [.uuid(sample.id)]) == 1)
                #expect(try await database.count(
                    "SELECT count(*) FROM processed_events WHERE consumer_group = $1 AND event_id = $2",
                    [.text(group), .uuid(sample.id)]) == 1)
                #expect(try await database.count(
                    "SELECT count(*) FROM outbox WHERE message_key = $1", [.bytea(sample.key)]) == 1)
            }
            #expect(try await database.count("SELECT count(*) FROM outbox") == 2)
            #expect(loop.metrics.total(MetricNames.eventsProcessed) == 2)
        }
    }
}
