import Events
import Foundation
import Postgres
import Streaming
import TestSupport
import Testing

/// Losing the database connection in the middle of a batch is an outage, not a fault of the message:
/// the batch is retried on a new connection without spending any message's attempt budget.
@Suite(.serialized) struct DatabaseOutageTests {
    @Test(.timeLimit(.minutes(1)))
    func aKilledConnectionIsRetriedWithoutSpendingAttempts() async throws {
        try await Harness.with { harness in
            let victim = try TestEvents.confirmed(amount: 1)
            let bystander = try TestEvents.confirmed(amount: 2)
            let calls = CallLog()
            let database = harness.database
            let handlers = Ledger.handlers(calls: calls) { event, call, context in
                guard event.metadata.id == victim.id, call <= 3 else { return }
                // Kill the loop's own session from outside, as a server restart or a failover would.
                let pid = try await context.transaction.query("SELECT pg_backend_pid() AS pid")[0]["pid"].int()
                try await database.execute("SELECT pg_terminate_backend($1, 5000)", [.int32(Int32(pid)), .int(5_000)])
                try await context.transaction.execute("SELECT 1")
            }
            try await harness.broker.send([TestEvents.record(victim), TestEvents.record(bystander)])
            // A single attempt: any failure counted against the message would dead-letter it.
            let loop = try harness.startLoop(group: uniqueName("outage"), handlers: handlers) { $0.retry.maxAttempts = 1 }

            try await waitUntil("both events processed") { try await Ledger.rows(in: database) == 2 }
            try await loop.stop()

            #expect(calls.count(victim.id) == 4)
            #expect(try await database.count("SELECT count(*) FROM ledger WHERE event_id = $1", [.uuid(victim.id)]) == 1)
            #expect(try await database.count("SELECT count(*) FROM ledger WHERE event_id = $1", [.uuid(bystander.id)]) == 1)
            #expect(try await database.count("SELECT count(*) FROM outbox") == 2)
            #expect(loop.metrics.total(MetricNames.retries, matching: "error_class=\"database_unavailable\"") == 3)
            #expect(loop.metrics.total(MetricNames.deadLetters) == 0)
            #expect(try await harness.broker.messageCount(topic: TopicCatalog.deadLetterTopic(for: TestEvents.topic)) == 0)
        }
    }
}
