import Events
import Foundation
import Kafka
import Streaming
import Testing

/// With several batches in flight, a backlog spanning many batches is published exactly once, each
/// key's events in the order they were written.
@Suite(.serialized) struct RelayWindowOrderTests {
    @Test(.timeLimit(.minutes(1)))
    func aMultiBatchBacklogIsPublishedOnceInPerKeyOrder() async throws {
        try await Harness.with { harness in
            let fixture = OutboxFixture(orders: 100, perOrder: 20)
            try await fixture.write(to: harness.database)
            let reader = try harness.reader(topic: TopicCatalog.payments)
            let relay = try harness.startRelay { configuration in
                configuration.batchSize = 50
                configuration.maxBatchesInFlight = 4
            }

            try await waitUntil("every row published", timeout: .seconds(20), every: .milliseconds(100)) {
                try await OutboxFixture.unpublished(in: harness.database) == 0
            }
            let messages = try await reader.read(count: fixture.count, timeout: .seconds(20))
            try await relay.stop()

            // A batch read again while still in flight would show up as a second copy on the topic.
            #expect(try await harness.broker.messageCount(topic: TopicCatalog.payments, partitions: 4) == Int64(fixture.count))
            let arrivals = OutboxFixture.Arrivals(messages)
            #expect(arrivals.total == fixture.count)
            #expect(arrivals.undecodable == 0)
            let expected = Array(0..<Int64(fixture.perOrder))
            let outOfOrder = fixture.orders.filter { arrivals.amountsByOrder[$0] != expected }
            #expect(outOfOrder.count == 0, "\(outOfOrder.count) orders arrived out of order, incomplete or repeated")
            #expect(relay.metrics.total(MetricNames.relayPublished) == Double(fixture.count))
        }
    }
}
