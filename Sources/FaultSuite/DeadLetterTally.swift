import Events
import Foundation
import Kafka
import Streaming

/// The dead letters on every dead-letter topic, read back after a run. A message dead-lettered twice (a
/// consumer killed after publishing its dead letter but before committing redoes it) counts once: the
/// tally is of distinct (consumer group, original topic, partition, offset).
public struct DeadLetterTally: Sendable, Hashable {
    /// What the tally is keyed by: the topic the message came from and the error class it got.
    public struct Key: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var topic: String
        public var errorClass: String

        public init(topic: String, errorClass: String) {
            self.topic = topic
            self.errorClass = errorClass
        }

        public var description: String { "\(topic) \(errorClass)" }

        public static func < (lhs: Key, rhs: Key) -> Bool { (lhs.topic, lhs.errorClass) < (rhs.topic, rhs.errorClass) }
    }

    /// Distinct dead letters per key.
    public var counts: [Key: Int] = [:]
    /// Records on the dead-letter topics, repeats included.
    public var records = 0

    public init(counts: [Key: Int] = [:], records: Int = 0) {
        self.counts = counts
        self.records = records
    }

    public var total: Int { counts.values.reduce(0, +) }

    /// Keys whose counts differ, as `expected → actual` lines.
    public func differences(from expected: DeadLetterTally) -> [String] {
        Set(counts.keys).union(expected.counts.keys).sorted().compactMap { key in
            let want = expected.counts[key] ?? 0, got = counts[key] ?? 0
            return want == got ? nil : "\(key): expected \(want), got \(got)"
        }
    }

    /// Reads every dead-letter topic from the beginning to its current end.
    static func read(bootstrapServers: String, topics: [String], timeout: Duration = .seconds(40)) async throws(FaultRunError) -> DeadLetterTally {
        let ends: [TopicPartition: Int64]
        do {
            let admin = try KafkaAdmin(bootstrapServers: bootstrapServers, logger: FaultClientLogger.make("orderflow.chaos.dlq"))
            defer { admin.close() }
            var marks: [TopicPartition: Int64] = [:]
            for topic in topics {
                for partition in try await admin.describeTopic(topic).partitions {
                    let tp = TopicPartition(topic: topic, partition: partition)
                    let (low, high) = try await admin.watermarks(tp)
                    if high > low { marks[tp] = high }
                }
            }
            ends = marks
        } catch {
            throw .setup("reading the dead-letter topics' watermarks: \(error)")
        }
        guard !ends.isEmpty else { return DeadLetterTally() }
        return try await consume(bootstrapServers: bootstrapServers, topics: topics, until: ends, timeout: timeout)
    }

    private static func consume(
        bootstrapServers: String, topics: [String], until ends: [TopicPartition: Int64], timeout: Duration
    ) async throws(FaultRunError) -> DeadLetterTally {
        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: bootstrapServers, groupID: "orderflow-chaos-dlq-\(UUID().uuidString.prefix(8))")
        configuration.clientID = "orderflow-chaos-dlq"
        // Dead letters may carry values over the default fetch size.
        configuration.raw = ["fetch.message.max.bytes": "16000000"]
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: configuration, logger: FaultClientLogger.make("orderflow.chaos.dlq"))
            try consumer.subscribe(topics: topics)
        } catch {
            throw .setup("reading the dead-letter topics: \(error)")
        }
        var seen = Set<String>()
        var tally = DeadLetterTally()
        var positions: [TopicPartition: Int64] = [:]
        let deadline = ContinuousClock.now + timeout
        var failure: FaultRunError?
        while ContinuousClock.now < deadline, ends.contains(where: { positions[$0.key, default: 0] < $0.value }) {
            let messages: [KafkaMessage]
            do {
                messages = try await consumer.poll(maxMessages: 500, maxWait: .milliseconds(500))
            } catch {
                failure = .setup("reading the dead-letter topics: \(error)")
                break
            }
            for message in messages {
                positions[message.topicPartition] = max(positions[message.topicPartition, default: 0], message.offset + 1)
                tally.records += 1
                let header = { (name: String) in message.headers.string(named: name) ?? "?" }
                let identity = [DeadLetterHeaders.consumerGroup, DeadLetterHeaders.originalTopic,
                                DeadLetterHeaders.originalPartition, DeadLetterHeaders.originalOffset].map(header).joined(separator: "/")
                guard seen.insert(identity).inserted else { continue }
                let key = Key(topic: header(DeadLetterHeaders.originalTopic), errorClass: header(DeadLetterHeaders.errorClass))
                tally.counts[key, default: 0] += 1
            }
        }
        await consumer.close()
        if let failure { throw failure }
        let short = ends.filter { positions[$0.key, default: 0] < $0.value }
        guard short.isEmpty else {
            throw .setup("could not read the dead-letter topics to their end within \(timeout): \(short.keys.map(\.description).sorted())")
        }
        return tally
    }
}
