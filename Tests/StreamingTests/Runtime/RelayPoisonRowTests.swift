import Events
import Foundation
import Kafka
import Streaming
import Testing

/// A row the broker will never accept (here: larger than the producer's message size limit) stays
/// unpublished and is retried, without holding back other keys and without sending their rows again
/// every time it is retried.
@Suite(.serialized) struct RelayPoisonRowTests {
    static let poisonKey = "poison"

    static let insertPoison = """
        INSERT INTO outbox (shard, topic, message_key, value, event_id, event_type, schema_version, correlation_id)
        VALUES ($1, 'payments', $2, decode(repeat('00', 1200000), 'hex'), gen_random_uuid(), 'payment.refunded', 1, 'poison')
        """

    @Test(.timeLimit(.minutes(1)))
    func anUndeliverableRowNeitherBlocksNorRepeatsTheOthers() async throws {
        try await Harness.with { harness in
            let fixture = OutboxFixture(orders: 5, perOrder: 4)
            let key = Array(Self.poisonKey.utf8)
            try await harness.database.execute(
                Self.insertPoison, [.int32(Int32(OutboxShard.of(key: key, shards: RelaySettings.Variables.shards.defaultValue))), .bytea(key)])
            try await fixture.write(to: harness.database, amounts: 0..<2)
            let relay = try harness.startRelay()

            // Each wave is published in rounds that also retry the poison row.
            try await waitUntil("the first wave published") { try await OutboxFixture.unpublished(in: harness.database) == 1 }
            try await fixture.write(to: harness.database, amounts: 2..<4)
            try await waitUntil("the second wave published") { try await OutboxFixture.unpublished(in: harness.database) == 1 }
            try await relay.stop()

            #expect(try await harness.database.count("SELECT count(*) FROM outbox_unpublished u JOIN outbox o USING (id) WHERE o.correlation_id = 'poison'") == 1)
            #expect(try await harness.broker.messageCount(topic: TopicCatalog.payments, partitions: 4) == Int64(fixture.count))
            let arrivals = OutboxFixture.Arrivals(try await harness.reader(topic: TopicCatalog.payments).read(count: fixture.count))
            let expected = Array(0..<Int64(fixture.perOrder))
            #expect(fixture.orders.allSatisfy { arrivals.amountsByOrder[$0] == expected })
        }
    }
}
