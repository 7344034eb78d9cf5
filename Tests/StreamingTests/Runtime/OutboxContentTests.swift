import Events
import Foundation
import Kafka
@testable import Streaming
import TestSupport
import Testing

/// What a handler emits is written to the outbox in the handling transaction, routed by the topic
/// catalog, keyed and sharded by its subject, and stamped with the incoming event's correlation id and
/// its id as causation.
@Suite(.serialized) struct OutboxContentTests {
    @Test(.timeLimit(.minutes(1)))
    func emittedEventsCarryTheirCauseIntoTheOutbox() async throws {
        try await Harness.with { harness in
            let sample = try TestEvents.confirmed(amount: 5)
            let parts = try LoopParts(
                broker: harness.broker, database: harness.database, group: uniqueName("outbox"), handlers: Ledger.handlers())
            let message = KafkaMessage(
                topic: TestEvents.topic, partition: 0, offset: 0, key: sample.key, value: sample.value, timestamp: Date())
            let outcomes = await parts.loop.process([message], retries: PartitionRetries())
            await parts.close()
            #expect(outcomes?.count == 1)

            let rows = try await harness.database.query(
                "SELECT shard, topic, message_key, value, event_id, event_type, schema_version, correlation_id FROM outbox")
            try #require(rows.count == 1)
            let row = rows[0]
            let key = try row["message_key"].bytes()
            #expect(key == sample.key)
            #expect(try row["topic"].string() == TopicCatalog.payments)
            #expect(try row["shard"].int() == OutboxShard.of(key: key, shards: RelaySettings.Variables.shards.defaultValue))
            let event = try EventRegistry.standard.decode(try row["value"].bytes())
            #expect(try row["event_id"].uuid() == event.metadata.id)
            #expect(try row["event_type"].string() == PaymentRefunded.eventType)
            #expect(try row["schema_version"].int() == PaymentRefunded.schemaVersion)
            #expect(try row["correlation_id"].string() == sample.metadata.correlationID)
            #expect(event.metadata.correlationID == sample.metadata.correlationID)
            #expect(event.metadata.causationID == sample.id.uuidString.lowercased())
            #expect(event.metadata.subject == sample.metadata.subject)
            #expect(event.metadata.source == "streaming-tests")
            #expect(event.as(PaymentRefunded.self)?.data.amount == 5)
        }
    }
}
