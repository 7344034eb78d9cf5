import Events
import Foundation
import Kafka
@testable import Streaming
import Synchronization
import TestSupport
import Testing

/// A key that keeps failing is parked in the service's database with the later messages of its key,
/// while the other keys of its partition go on; once it heals, its messages are applied in order.
@Suite(.serialized) struct ParkedKeyTests {
    /// Fails every event of `failing` until healed.
    final class Switch: Sendable {
        private let healed = Atomic<Bool>(false)
        var isHealed: Bool { healed.load(ordering: .acquiring) }
        func heal() { healed.store(true, ordering: .releasing) }
    }

    static func amounts(of order: UUID, in database: ScratchDatabase) async throws -> [Int64] {
        try await database.query("SELECT amount FROM ledger WHERE order_id = $1 ORDER BY id", [.uuid(order)])
            .map { try $0["amount"].int64() }
    }

    static func parkedCount(_ database: ScratchDatabase) async throws -> Int {
        try await database.count("SELECT count(*) FROM parked_messages")
    }

    @Test(.timeLimit(.minutes(1)))
    func aFailingKeyWaitsWhileItsPartitionFlowsAndKeepsItsOrderWhenHealed() async throws {
        try await Harness.with { harness in
            let failing = UUID(), other = UUID(), later = UUID()
            let broken = Switch()
            let handlers = Ledger.handlers { event, _, _ in
                if event.data.orderId == failing, !broken.isHealed {
                    throw HandlerError.retryable("the stock service is busy", errorClass: "stock_busy")
                }
            }
            // All on one partition: with partition-wide retries, `other` would wait for `failing`.
            try await harness.broker.send([
                TestEvents.record(try TestEvents.confirmed(orderID: failing, amount: 1), partition: 0),
                TestEvents.record(try TestEvents.confirmed(orderID: other, amount: 1), partition: 0),
                TestEvents.record(try TestEvents.confirmed(orderID: failing, amount: 2), partition: 0),
            ])
            let loop = try harness.startLoop(group: uniqueName("parked"), handlers: handlers) {
                $0.retry = RetryPolicy(base: .milliseconds(50), cap: .milliseconds(200), maxAttempts: 1_000)
            }
            try await waitUntil("the other key handled") { try await Self.amounts(of: other, in: harness.database) == [1] }
            #expect(try await Self.amounts(of: failing, in: harness.database).isEmpty)
            #expect(try await Self.parkedCount(harness.database) == 2)

            // A later batch: the key is still parked, so its next event queues behind; other keys flow.
            try await harness.broker.send([
                TestEvents.record(try TestEvents.confirmed(orderID: failing, amount: 3), partition: 0),
                TestEvents.record(try TestEvents.confirmed(orderID: later, amount: 1), partition: 0),
            ])
            try await waitUntil("the later key handled") { try await Self.amounts(of: later, in: harness.database) == [1] }
            #expect(try await Self.amounts(of: failing, in: harness.database).isEmpty)
            #expect(try await Self.parkedCount(harness.database) == 3)
            #expect(loop.metrics.total(MetricNames.retries, matching: "error_class=\"stock_busy\"") >= 1)
            try await waitUntil("the worker's figures on /metrics and /readyz") {
                loop.metrics.total(MetricNames.parkedMessages) == 3 && loop.metrics.total(MetricNames.parkedKeys) == 1
                    && loop.parts.loop.readinessDetails.first?.value.hasPrefix("3 message(s) of 1 key(s)") == true
            }

            broken.heal()
            try await waitUntil("the healed key handled") { try await Self.amounts(of: failing, in: harness.database).count == 3 }
            try await waitUntil("nothing parked") { try await Self.parkedCount(harness.database) == 0 }
            try await loop.stop()

            #expect(try await Self.amounts(of: failing, in: harness.database) == [1, 2, 3])
            #expect(try await harness.broker.messageCount(topic: TopicCatalog.deadLetterTopic(for: TestEvents.topic)) == 0)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func anExhaustedKeyIsHeldWhenTheServiceSaysSoAndAnOperatorRetriesIt() async throws {
        try await Harness.with { harness in
            let failing = UUID(), other = UUID()
            let broken = Switch()
            let handlers = Ledger.handlers { event, _, _ in
                if event.data.orderId == failing, !broken.isHealed { throw HandlerError.retryable("busy") }
            }
            try await harness.broker.send([
                TestEvents.record(try TestEvents.confirmed(orderID: failing, amount: 1), partition: 0),
                TestEvents.record(try TestEvents.confirmed(orderID: failing, amount: 2), partition: 0),
                TestEvents.record(try TestEvents.confirmed(orderID: other, amount: 1), partition: 0),
            ])
            let group = uniqueName("held")
            let loop = try harness.startLoop(group: group, handlers: handlers) {
                $0.retry = RetryPolicy(base: .milliseconds(20), cap: .milliseconds(50), maxAttempts: 3)
                $0.exhaustedParked = .hold
            }
            try await waitUntil("the first message held") {
                try await harness.database.count("SELECT count(*) FROM parked_messages WHERE held AND attempts = 3") == 1
            }
            #expect(try await Self.amounts(of: other, in: harness.database) == [1])
            #expect(try await Self.parkedCount(harness.database) == 2)
            #expect(try await harness.broker.messageCount(topic: TopicCatalog.deadLetterTopic(for: TestEvents.topic)) == 0)

            let listed = try await harness.database.withConnection { try await ParkedMessages($0).list(consumerGroup: group) }
            #expect(listed.map(\.key) == [failing.uuidString.lowercased(), failing.uuidString.lowercased()])
            #expect(listed.first?.held == true && listed.first?.errorClass == "transient")

            broken.heal()
            let retried = try await harness.database.withConnection {
                try await ParkedMessages($0).retry(key: failing.uuidString.lowercased(), consumerGroup: group)
            }
            #expect(retried == 2)
            try await waitUntil("the key handled after the operator's retry") {
                try await Self.amounts(of: failing, in: harness.database) == [1, 2]
            }
            try await loop.stop()
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func anExhaustedKeyIsDeadLetteredByDefaultAndItsQueueMovesOn() async throws {
        try await Harness.with { harness in
            let failing = UUID()
            let doomed = try TestEvents.confirmed(orderID: failing, amount: 1)
            let handlers = Ledger.handlers { event, _, _ in
                if event.metadata.id == doomed.id { throw HandlerError.retryable("never", errorClass: "never_heals") }
            }
            let deadLetters = try harness.reader(topic: TopicCatalog.deadLetterTopic(for: TestEvents.topic))
            try await harness.broker.send([
                TestEvents.record(doomed, partition: 0),
                TestEvents.record(try TestEvents.confirmed(orderID: failing, amount: 2), partition: 0),
            ])
            let loop = try harness.startLoop(group: uniqueName("exhausted"), handlers: handlers) {
                $0.retry = RetryPolicy(base: .milliseconds(20), cap: .milliseconds(50), maxAttempts: 3)
            }
            let letters = try await deadLetters.read(count: 1)
            try await waitUntil("the next message handled") { try await Self.amounts(of: failing, in: harness.database) == [2] }
            try await loop.stop()

            let letter = try #require(letters.first.flatMap(DeadLetterRecord.init))
            #expect(letter.message.value == doomed.value)
            let original = TestEvents.record(doomed).headers
            #expect(Array(letter.message.headers.prefix(original.count)) == original, "the original headers, byte for byte")
            #expect(letter.attempts == 3 && letter.errorClass == "never_heals")
            #expect(try await Self.parkedCount(harness.database) == 0)
        }
    }

    /// A batch redelivered after it parked (a crash before its offsets were committed) parks nothing
    /// twice, and a parked copy of an event already handled is dropped as the duplicate it is.
    @Test(.timeLimit(.minutes(1)))
    func parkingAgainAndHandlingAgainChangeNothing() async throws {
        try await Harness.with { harness in
            let order = UUID()
            let sample = try TestEvents.confirmed(orderID: order, amount: 1)
            let message = KafkaMessage(
                topic: TestEvents.topic, partition: 0, offset: 41, key: sample.key, value: sample.value,
                headers: TestEvents.record(sample).headers)
            let group = uniqueName("redelivered")
            let store = ParkedMessageStore(consumerGroup: group)
            for _ in 0..<2 {
                try await harness.database.withConnection { connection in
                    try await connection.transaction { transaction in
                        try await store.park(message, attempts: 1, retryIn: .zero, errorClass: "transient", error: "busy", in: transaction)
                    }
                }
            }
            #expect(try await Self.parkedCount(harness.database) == 1)

            let calls = CallLog()
            // The event was handled before (its claim committed with its effects); the parked copy must not run again.
            try await harness.database.execute(
                "INSERT INTO processed_events (consumer_group, event_id, event_type) VALUES ($1, $2, $3)",
                [.text(group), .uuid(sample.id), .text(sample.metadata.type)])
            let loop = try harness.startLoop(group: group, handlers: Ledger.handlers(calls: calls))
            try await waitUntil("the parked copy dropped") { try await Self.parkedCount(harness.database) == 0 }
            try await loop.stop()
            #expect(calls.count(sample.id) == 0)
            #expect(try await Ledger.rows(in: harness.database) == 0)
        }
    }
}
