import Kafka
import TestSupport
import Testing

@Suite struct OffsetStoreOwnershipTests {
    /// After a rebalance a caller may still store offsets for a partition it lost; that must not throw
    /// (the new owner re-reads those records) and must not disturb the partitions it still owns.
    @Test(.timeLimit(.minutes(1)))
    func storingForAnUnassignedPartitionIsIgnored() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("owned")
        let other = KafkaTesting.unique("not-owned")
        try broker.createTopic(topic, partitions: 1)
        try broker.createTopic(other, partitions: 1)
        let producer = try KafkaTesting.producer(broker)
        for result in await producer.send(KafkaTesting.records(topic: topic, count: 3)) { _ = try result.get() }
        await producer.close()

        let consumer = try KafkaTesting.consumer(broker, group: KafkaTesting.unique("group"), topics: [topic])
        let messages = try await KafkaTesting.poll(consumer, count: 3, timeout: .seconds(15))
        let owned = TopicPartition(topic: topic, partition: 0)
        let notOwned = TopicPartition(topic: other, partition: 0)
        try consumer.store(offsets: [owned: 3, notOwned: 5])
        try await consumer.commit()
        let committed = try await consumer.committed([owned, notOwned], timeout: .seconds(5))
        #expect(messages.count == 3)
        #expect(committed[owned] == 3)
        #expect(committed[notOwned] == nil)
        await consumer.close()
    }
}
