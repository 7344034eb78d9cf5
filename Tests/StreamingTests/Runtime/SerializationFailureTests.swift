import Events
import Foundation
import Streaming
import TestSupport
import Testing

/// A serialization failure (SQLSTATE 40001) is transient: the message is retried and processed once.
@Suite(.serialized) struct SerializationFailureTests {
    @Test(.timeLimit(.minutes(1)))
    func aSerializationFailureIsRetried() async throws {
        try await Harness.with { harness in
            let sample = try TestEvents.confirmed(amount: 1)
            let calls = CallLog()
            let handlers = Ledger.handlers(calls: calls) { _, call, context in
                // Call 1 is the batch's direct pass, redone at once as call 2: the failure must outlast both.
                if call <= 2 {
                    try await context.transaction.execute("""
                        DO $$ BEGIN
                            RAISE EXCEPTION 'could not serialize access due to concurrent update' USING ERRCODE = '40001';
                        END $$
                        """)
                }
            }
            try await harness.broker.send([TestEvents.record(sample)])
            // One attempt would dead-letter anything that counted as permanent; two leave room for one retry.
            let loop = try harness.startLoop(group: uniqueName("serial"), handlers: handlers) { $0.retry.maxAttempts = 2 }

            try await waitUntil("the event processed") { try await Ledger.rows(in: harness.database) == 1 }
            try await loop.stop()

            #expect(calls.count(sample.id) == 3)
            #expect(loop.metrics.total(MetricNames.retries, matching: "error_class=\"serialization_failure\"") == 1)
            #expect(loop.metrics.total(MetricNames.deadLetters) == 0)
            #expect(try await harness.broker.messageCount(topic: TopicCatalog.deadLetterTopic(for: TestEvents.topic)) == 0)
        }
    }
}
