import Foundation
import Kafka
import TestSupport
import Testing

/// 10,000 keyed records with headers through a 3-member consumer group: every record exactly once, per-key
/// order kept, headers intact.
@Suite struct ConsumerGroupDeliveryTests {
    static let keyCount = 100
    static let perKey = 100
    static let total = keyCount * perKey

    /// Bytes that would break any text-based handling: NUL, high bytes, invalid UTF-8.
    static let binaryHeader: [UInt8] = [0x00, 0xFF, 0x7F, 0x80, 0xC3, 0x28, 0x0A, 0x00]

    static func record(topic: String, key: Int, sequence: Int) -> KafkaRecord {
        KafkaRecord(
            topic: topic,
            key: Array("order-\(key)".utf8),
            value: Array("\(key):\(sequence)".utf8),
            headers: [
                KafkaHeader(key: "sequence", string: String(sequence)),
                KafkaHeader(key: "binary", value: binaryHeader),
                KafkaHeader(key: "empty", value: []),
                KafkaHeader(key: "null", value: nil),
            ]
        )
    }

    /// Polls, stores and commits until the whole group has received `total` records. A commit refused during
    /// a rebalance is not fatal: the offsets stay stored and are committed on revoke or by the next commit.
    static func consume(_ consumer: KafkaConsumer, until received: SharedCounter) async throws -> [KafkaMessage] {
        var mine: [KafkaMessage] = []
        let deadline = ContinuousClock.now + .seconds(40)
        while received.current < total, ContinuousClock.now < deadline, !Task.isCancelled {
            let batch = try await consumer.poll(maxMessages: 1000, maxWait: .milliseconds(100))
            guard !batch.isEmpty else { continue }
            mine += batch
            try consumer.store(batch)
            if let refused = await Self.commit(consumer) {
                guard refused.isRetriable else { throw refused }
            }
            received.add(batch.count)
        }
        return mine
    }

    static func waitForSettledAssignment(_ consumers: [KafkaConsumer], partitions: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        var last: [[TopicPartition]] = []
        var stableSince = ContinuousClock.now
        while ContinuousClock.now < deadline {
            let current = consumers.map { ((try? $0.assignment()) ?? []).sorted() }
            if current != last {
                last = current
                stableSince = .now
            }
            let complete = current.allSatisfy { !$0.isEmpty } && Set(current.flatMap { $0 }).count == partitions
            if complete && ContinuousClock.now - stableSince >= .milliseconds(1500) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the group never settled: \(last)")
    }

    static func commit(_ consumer: KafkaConsumer) async -> KafkaError? {
        do {
            try await consumer.commit()
            return nil
        } catch {
            return error
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func threeMembersReceiveEveryRecordOnceInKeyOrder() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("orders")
        try broker.createTopic(topic, partitions: 6)
        let group = KafkaTesting.unique("group")
        let consumers = try (0..<3).map { _ in
            try KafkaTesting.consumer(broker, group: group, topics: [topic], configure: {
                // Long enough that a member briefly starved of CPU is not evicted; short enough that an extra
                // rebalance round on the mock (which waits session timeout - 1 s) stays quick.
                $0.sessionTimeout = .seconds(6)
            })
        }

        // Members poll from the start, as a service does, so they serve their assignment promptly.
        let received = SharedCounter()
        let consuming = Task {
            try await withThrowingTaskGroup(of: [KafkaMessage].self) { tasks in
                for consumer in consumers {
                    tasks.addTask { try await Self.consume(consumer, until: received) }
                }
                return try await tasks.reduce(into: []) { $0.append($1) }
            }
        }

        // Exactly once across members holds for a settled group: a record consumed while partitions move
        // is read again by its next owner when the mock refuses the commit mid-rebalance (at least once,
        // which is what the runtime's dedupe is for). So produce once every member holds partitions and
        // the assignment has stopped changing.
        try await Self.waitForSettledAssignment(consumers, partitions: 6)

        // Interleave keys so every batch mixes partitions; sequence numbers rise per key.
        var records: [KafkaRecord] = []
        for sequence in 0..<Self.perKey {
            for key in 0..<Self.keyCount { records.append(Self.record(topic: topic, key: key, sequence: sequence)) }
        }
        let producer = try KafkaTesting.producer(broker)
        let reports = await producer.send(records)
        #expect(reports.count == Self.total)
        #expect(reports.allSatisfy { (try? $0.get()) != nil })

        let perConsumer = try await consuming.value
        for consumer in consumers { await consumer.close() }
        await producer.close()

        let all = perConsumer.flatMap { $0 }
        #expect(all.count == Self.total)
        #expect(perConsumer.filter { !$0.isEmpty }.count >= 2, "the group should spread partitions over its members")

        let positions = Set(all.map { "\($0.partition)/\($0.offset)" })
        #expect(positions.count == all.count, "a record was delivered twice")

        var nextSequence: [String: Int] = [:]
        for message in perConsumer.flatMap({ $0 }).sorted(by: { ($0.partition, $0.offset) < ($1.partition, $1.offset) }) {
            let value = String(decoding: message.value ?? [], as: UTF8.self)
            let parts = value.split(separator: ":")
            let key = String(decoding: message.key ?? [], as: UTF8.self)
            #expect(key == "order-\(parts.first ?? "")")
            let sequence = Int(parts.last ?? "") ?? -1
            #expect(sequence == nextSequence[key, default: 0], "out of order for \(key)")
            nextSequence[key] = sequence + 1
            #expect(message.headers.string(named: "sequence") == String(sequence))
            #expect(message.headers.first(named: "binary") == Self.binaryHeader)
            #expect(message.headers.first { $0.key == "empty" }?.value == [])
            #expect(message.headers.contains(KafkaHeader(key: "null", value: nil)))
            #expect(message.headers.count == 4)
        }
        #expect(nextSequence.count == Self.keyCount)
        #expect(nextSequence.values.allSatisfy { $0 == Self.perKey })
    }
}
