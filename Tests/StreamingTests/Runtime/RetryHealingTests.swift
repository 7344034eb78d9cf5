import Events
import Foundation
import Streaming
import TestSupport
import Testing

/// A retryable failure that clears up within the attempt budget: the message is processed once, is not
/// dead-lettered, and its key's later events wait for it.
@Suite(.serialized) struct RetryHealingTests {
    @Test(.timeLimit(.minutes(1)))
    func aFailureThatHealsIsProcessedOnceAndNotDeadLettered() async throws {
        try await Harness.with { harness in
            let orderID = UUID()
            let flaky = try TestEvents.confirmed(orderID: orderID, amount: 1)
            let next = try TestEvents.confirmed(orderID: orderID, amount: 2)
            let calls = CallLog()
            let handlers = Ledger.handlers(calls: calls) { event, call, _ in
                // Call 1 is the batch's direct pass, rolled back and redone as call 2: two attempts fail.
                if event.metadata.id == flaky.id, call < 4 { throw HandlerError.retryable("inventory is busy") }
            }
            try await harness.broker.send([TestEvents.record(flaky), TestEvents.record(next)])
            let loop = try harness.startLoop(group: uniqueName("heal"), handlers: handlers)

            try await waitUntil("both events processed") { try await Ledger.rows(in: harness.database) == 2 }
            try await loop.stop()

            #expect(calls.count(flaky.id) == 4)
            #expect(calls.count(next.id) == 1)
            #expect(try await Ledger.amounts(in: harness.database) == [1, 2])
            #expect(loop.metrics.total(MetricNames.retries, matching: "error_class=\"transient\"") == 2)
            #expect(loop.metrics.total(MetricNames.deadLetters) == 0)
            #expect(try await harness.broker.messageCount(topic: TopicCatalog.deadLetterTopic(for: TestEvents.topic)) == 0)
        }
    }
}
