import Events
import Foundation
import Kafka
import Streaming
import TestSupport
import Testing

/// A retryable failure that outlasts the attempt budget is dead-lettered after exactly that many
/// attempts, and its key's later events carry on after it.
@Suite(.serialized) struct RetryExhaustionTests {
    @Test(.timeLimit(.minutes(1)))
    func exhaustedRetriesAreDeadLetteredWithTheirAttemptCount() async throws {
        try await Harness.with { harness in
            let orderID = UUID()
            let doomed = try TestEvents.confirmed(orderID: orderID, amount: 1)
            let next = try TestEvents.confirmed(orderID: orderID, amount: 2)
            let calls = CallLog()
            let handlers = Ledger.handlers(calls: calls) { event, _, _ in
                if event.metadata.id == doomed.id { throw HandlerError.retryable("still busy", errorClass: "inventory_busy") }
            }
            let deadLetters = try harness.reader(topic: TopicCatalog.deadLetterTopic(for: TestEvents.topic))
            try await harness.broker.send([TestEvents.record(doomed), TestEvents.record(next)])
            let loop = try harness.startLoop(group: uniqueName("exhaust"), handlers: handlers) { $0.retry.maxAttempts = 3 }

            let letters = try await deadLetters.read(count: 1)
            try await waitUntil("the next event processed") { try await Ledger.rows(in: harness.database) == 1 }
            try await loop.stop()

            #expect(letters.count == 1)
            let letter = try #require(letters.first.flatMap(DeadLetterRecord.init))
            #expect(letter.message.value == doomed.value)
            #expect(letter.errorClass == "inventory_busy")
            #expect(letter.attempts == 3)
            #expect(letter.errorMessage.contains("still busy"))
            // Three attempts, plus the first batch's direct pass that was rolled back and redone.
            #expect(calls.count(doomed.id) == 4)
            #expect(try await Ledger.amounts(in: harness.database) == [2])
            #expect(loop.metrics.total(MetricNames.retries, matching: "error_class=\"inventory_busy\"") == 2)
        }
    }
}
