import Events
import Foundation
import Kafka
import Postgres
import Streaming
import TestSupport
import Testing

/// Two relays on one database split the outbox shards between them; when one stops, the other takes
/// its shards over within seconds and nothing written meanwhile is lost or reordered.
@Suite(.serialized) struct RelayTakeoverTests {
    /// Shards held per relay session: the advisory locks in the relays' lock namespace, by server process.
    static func shardsByHolder(_ database: ScratchDatabase) async throws -> [Int] {
        let namespace = Int64(RelaySettings().lockNamespace)
        return try await database.query("""
            SELECT count(*) AS shards FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1::bigint::oid
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            GROUP BY pid ORDER BY shards
            """, [.int64(namespace)]).map { try $0["shards"].int() }
    }

    @Test(.timeLimit(.minutes(1)))
    func twoRelaysSplitTheShardsAndOneTakesOverWhenTheOtherStops() async throws {
        try await Harness.with { harness in
            let shards = RelaySettings().shards
            let fixture = OutboxFixture(orders: 40, perOrder: 60)
            let first = try harness.startRelay()
            let second = try harness.startRelay()
            try await waitUntil("the shards split evenly") {
                try await Self.shardsByHolder(harness.database) == [shards / 2, shards / 2]
            }
            try await waitUntil("each relay reports its half") {
                first.metrics.total(MetricNames.relayOwnedShards) == Double(shards / 2)
                    && second.metrics.total(MetricNames.relayOwnedShards) == Double(shards / 2)
            }
            try await fixture.write(to: harness.database, amounts: 0..<30)
            try await waitUntil("the first half published") { try await OutboxFixture.unpublished(in: harness.database) == 0 }
            #expect(first.metrics.total(MetricNames.relayPublished) > 0)
            #expect(second.metrics.total(MetricNames.relayPublished) > 0)

            try await first.stop()
            let stopped = ContinuousClock.now
            try await waitUntil("the remaining relay owns every shard", timeout: .seconds(10)) {
                try await Self.shardsByHolder(harness.database) == [shards]
            }
            let takeover = ContinuousClock.now - stopped
            try await waitUntil("the remaining relay reports every shard") {
                second.metrics.total(MetricNames.relayOwnedShards) == Double(shards)
            }
            try await fixture.write(to: harness.database, amounts: 30..<60)
            try await waitUntil("the second half published") { try await OutboxFixture.unpublished(in: harness.database) == 0 }
            try await second.stop()

            #expect(takeover < .seconds(5), "takeover took \(takeover)")
            // Every published row is counted once more by its type, in the same step.
            for relay in [first, second] {
                #expect(relay.metrics.total(MetricNames.eventsPublished, matching: #"type="payment.refunded""#)
                        == relay.metrics.total(MetricNames.relayPublished))
            }
            let arrivals = OutboxFixture.Arrivals(try await harness.reader(topic: TopicCatalog.payments).read(count: fixture.count))
            #expect(arrivals.total == fixture.count)
            let expected = Array(0..<Int64(fixture.perOrder))
            #expect(fixture.orders.allSatisfy { arrivals.amountsByOrder[$0] == expected })
        }
    }
}
