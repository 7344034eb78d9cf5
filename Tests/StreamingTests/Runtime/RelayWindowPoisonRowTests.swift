import Events
import Foundation
import Kafka
import Streaming
import Testing

/// An undeliverable row in the middle of a backlog of many batches, with several batches in flight:
/// the batches sent after it are still marked when it fails, every other row is published exactly
/// once, and the failed row stays unpublished.
@Suite(.serialized) struct RelayWindowPoisonRowTests {
    @Test(.timeLimit(.minutes(1)))
    func anUndeliverableRowMidBacklogLeavesTheRestPublishedOnce() async throws {
        try await Harness.with { harness in
            let fixture = OutboxFixture(orders: 50, perOrder: 20)
            let key = Array(RelayPoisonRowTests.poisonKey.utf8)
            try await fixture.write(to: harness.database, amounts: 0..<10)
            try await harness.database.execute(
                RelayPoisonRowTests.insertPoison,
                [.int32(Int32(OutboxShard.of(key: key, shards: RelaySettings.Variables.shards.defaultValue))), .bytea(key)])
            try await fixture.write(to: harness.database, amounts: 10..<20)
            let relay = try harness.startRelay { configuration in
                configuration.batchSize = 50
                configuration.maxBatchesInFlight = 4
            }

            try await waitUntil("every row but the undeliverable one published", timeout: .seconds(20), every: .milliseconds(100)) {
                try await OutboxFixture.unpublished(in: harness.database) == 1
            }
            try await relay.stop()

            #expect(try await harness.database.count(
                "SELECT count(*) FROM outbox_unpublished u JOIN outbox o USING (id) WHERE o.correlation_id = 'poison'") == 1)
            #expect(try await harness.broker.messageCount(topic: TopicCatalog.payments, partitions: 4) == Int64(fixture.count))
            let arrivals = OutboxFixture.Arrivals(try await harness.reader(topic: TopicCatalog.payments).read(count: fixture.count))
            let expected = Array(0..<Int64(fixture.perOrder))
            let outOfOrder = fixture.orders.filter { arrivals.amountsByOrder[$0] != expected }
            #expect(outOfOrder.count == 0, "\(outOfOrder.count) orders arrived out of order, incomplete or repeated")
        }
    }
}
