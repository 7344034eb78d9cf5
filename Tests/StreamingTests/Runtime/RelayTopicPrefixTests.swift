import Events
import Foundation
import Kafka
import Streaming
import Testing

/// Outbox rows name topics as the service knows them; a relay under TOPIC_PREFIX publishes them to the
/// prefixed topics, so two pipelines can share a cluster.
@Suite(.serialized) struct RelayTopicPrefixTests {
    @Test(.timeLimit(.minutes(1)))
    func rowsGoToThePrefixedTopic() async throws {
        try await Harness.with { harness in
            let prefix = "tenant-b."
            try harness.broker.broker.createTopic(prefix + TopicCatalog.payments, partitions: 2)
            let fixture = OutboxFixture(orders: 5, perOrder: 4)
            try await fixture.write(to: harness.database)
            let prefixed = try harness.reader(topic: prefix + TopicCatalog.payments)
            let relay = try harness.startRelay(topicPrefix: prefix)

            let messages = try await prefixed.read(count: fixture.count, timeout: .seconds(20))
            try await relay.stop()
            #expect(messages.count == fixture.count)
            #expect(messages.allSatisfy { $0.topic == prefix + TopicCatalog.payments })
            #expect(try await harness.broker.messageCount(topic: TopicCatalog.payments, partitions: 4) == 0)
        }
    }
}
