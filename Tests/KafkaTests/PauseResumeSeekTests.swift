import Kafka
import TestSupport
import Testing

@Suite struct PauseResumeSeekTests {
    /// Sends `count` records to one partition; values are "<partition>-<batch>-<index>".
    static func produce(_ producer: KafkaProducer, topic: String, partition: Int32, batch: String, count: Int) async throws {
        let records = (0..<count).map { index in
            KafkaRecord(topic: topic, key: nil, value: Array("\(partition)-\(batch)-\(index)".utf8), partition: partition)
        }
        for result in await producer.send(records) { _ = try result.get() }
    }

    static func waitForAssignment(_ consumer: KafkaConsumer, count: Int) async throws -> [KafkaMessage] {
        try await KafkaTesting.poll(consumer, until: { try consumer.assignment().count == count }, timeout: .seconds(15))
    }

    @Test(.timeLimit(.minutes(1)))
    func pausedPartitionYieldsNothingUntilResumed() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("pause")
        try broker.createTopic(topic, partitions: 2)
        let producer = try KafkaTesting.producer(broker)
        let consumer = try KafkaTesting.consumer(broker, group: KafkaTesting.unique("group"), topics: [topic])
        let early = try await Self.waitForAssignment(consumer, count: 2)
        #expect(early.isEmpty)
        let paused = TopicPartition(topic: topic, partition: 0)
        let flowing = TopicPartition(topic: topic, partition: 1)

        try consumer.pause([paused])
        try await Self.produce(producer, topic: topic, partition: 0, batch: "a", count: 20)
        try await Self.produce(producer, topic: topic, partition: 1, batch: "a", count: 20)
        let whilePaused = try await KafkaTesting.poll(consumer, count: 20, timeout: .seconds(10))
        let settle = try await consumer.poll(maxMessages: 100, maxWait: .milliseconds(700))
        #expect(whilePaused.count == 20)
        #expect((whilePaused + settle).allSatisfy { $0.topicPartition == flowing })

        try consumer.resume([paused])
        let afterResume = try await KafkaTesting.poll(consumer, count: 20, timeout: .seconds(10))
        #expect(afterResume.map(\.topicPartition) == Array(repeating: paused, count: 20))
        #expect(afterResume.map(\.offset) == Array(0..<20))
        await consumer.close()
        await producer.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func seekingBackRedeliversFromThatOffset() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("seek")
        try broker.createTopic(topic, partitions: 1)
        let producer = try KafkaTesting.producer(broker)
        try await Self.produce(producer, topic: topic, partition: 0, batch: "a", count: 30)
        let partition = TopicPartition(topic: topic, partition: 0)
        let consumer = try KafkaTesting.consumer(broker, group: KafkaTesting.unique("group"), topics: [topic])

        let first = try await KafkaTesting.poll(consumer, count: 30, timeout: .seconds(15))
        #expect(first.map(\.offset) == Array(0..<30))
        try await consumer.seek(partition, to: 10, timeout: .seconds(5))
        let again = try await KafkaTesting.poll(consumer, count: 20, timeout: .seconds(10))
        #expect(again.map(\.offset) == Array(10..<30))
        #expect(again.first.map { String(decoding: $0.value ?? [], as: UTF8.self) } == "0-a-10")
        await consumer.close()
        await producer.close()
    }

    /// The retry pattern: pause a partition, seek it back to the failed record, resume later. Records fetched
    /// before the seek must not come back out of order.
    @Test(.timeLimit(.minutes(1)))
    func seekWhilePausedRedeliversFromTheSeekOffsetOnResume() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("retry")
        try broker.createTopic(topic, partitions: 1)
        let producer = try KafkaTesting.producer(broker)
        try await Self.produce(producer, topic: topic, partition: 0, batch: "a", count: 50)
        let partition = TopicPartition(topic: topic, partition: 0)
        let consumer = try KafkaTesting.consumer(broker, group: KafkaTesting.unique("group"), topics: [topic])

        let firstFive = try await KafkaTesting.poll(consumer, count: 5, timeout: .seconds(15))
        #expect(firstFive.map(\.offset) == Array(0..<5))
        try consumer.pause([partition])
        try await consumer.seek(partition, to: 3, timeout: .seconds(5))
        let whilePaused = try await consumer.poll(maxMessages: 100, maxWait: .milliseconds(700))
        #expect(whilePaused.isEmpty)
        try consumer.resume([partition])
        let resumed = try await KafkaTesting.poll(consumer, count: 47, timeout: .seconds(10))
        #expect(resumed.map(\.offset) == Array(3..<50))
        await consumer.close()
        await producer.close()
    }
}

/// A reader that assigned its partitions itself is in no group: closing it has nothing to leave and
/// returns at once, instead of serving its queue until the group-leave timeout (10 s) gives up.
@Suite struct ManualAssignmentCloseTests {
    @Test(.timeLimit(.minutes(1)))
    func closingAManuallyAssignedConsumerDoesNotWaitForAGroup() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("assigned")
        try broker.createTopic(topic, partitions: 1)
        let producer = try KafkaTesting.producer(broker)
        try await PauseResumeSeekTests.produce(producer, topic: topic, partition: 0, batch: "a", count: 3)
        await producer.close()
        let consumer = try KafkaConsumer(
            configuration: KafkaTesting.consumerConfiguration(broker, group: KafkaTesting.unique("group")), logger: KafkaTesting.logger("test.consumer"))
        try consumer.assign([TopicPartition(topic: topic, partition: 0): .beginning])
        let read = try await KafkaTesting.poll(consumer, count: 3, timeout: .seconds(10))
        #expect(read.map(\.offset) == [0, 1, 2])

        let clock = ContinuousClock()
        let closing = clock.now
        await consumer.close()
        #expect(clock.now - closing < .seconds(5), "close took \(clock.now - closing)")
    }
}
