import Kafka
import TestSupport
import Testing

/// A new member of a group starts exactly where the previous one committed.
@Suite struct CommittedOffsetResumeTests {
    @Test(.timeLimit(.minutes(1)))
    func newConsumerResumesAfterCommittedOffsets() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("resume")
        try broker.createTopic(topic, partitions: 1)
        let producer = try KafkaTesting.producer(broker)
        for result in await producer.send(KafkaTesting.records(topic: topic, count: 200)) { _ = try result.get() }
        await producer.close()
        let group = KafkaTesting.unique("group")
        let partition = TopicPartition(topic: topic, partition: 0)

        let first = try KafkaTesting.consumer(broker, group: group, topics: [topic])
        let firstBatch = try await KafkaTesting.poll(first, count: 100, timeout: .seconds(15))
        #expect(firstBatch.map(\.offset) == Array(0..<100))
        try first.store(firstBatch)
        try await first.commit()
        #expect(try await first.committed([partition], timeout: .seconds(5)) == [partition: 100])
        await first.close()

        let second = try KafkaTesting.consumer(broker, group: group, topics: [topic])
        let rest = try await KafkaTesting.poll(second, count: 100, timeout: .seconds(15))
        let extra = try await second.poll(maxMessages: 10, maxWait: .milliseconds(500))
        await second.close()
        #expect(rest.map(\.offset) == Array(100..<200))
        #expect(extra.isEmpty)
        #expect(rest.first.map { String(decoding: $0.value ?? [], as: UTF8.self) } == "value-100")
    }

    @Test(.timeLimit(.minutes(1)))
    func storeKeepsTheHighestOffsetAndAnEmptyCommitSucceeds() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("store")
        try broker.createTopic(topic, partitions: 1)
        let producer = try KafkaTesting.producer(broker)
        for result in await producer.send(KafkaTesting.records(topic: topic, count: 10)) { _ = try result.get() }
        await producer.close()
        let partition = TopicPartition(topic: topic, partition: 0)

        let consumer = try KafkaTesting.consumer(broker, group: KafkaTesting.unique("group"), topics: [topic])
        try await consumer.commit()  // nothing stored yet
        let messages = try await KafkaTesting.poll(consumer, count: 10, timeout: .seconds(15))
        #expect(messages.count == 10)
        try consumer.store(messages.reversed())
        try await consumer.commit()
        #expect(try await consumer.committed([partition], timeout: .seconds(5)) == [partition: 10])
        await consumer.close()
    }
}
