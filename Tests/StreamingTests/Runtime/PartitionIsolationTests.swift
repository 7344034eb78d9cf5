import Events
import Foundation
import Kafka
import Streaming
import Synchronization
import TestSupport
import Testing

/// A message waiting for its next attempt pauses its own partition only: the other partitions keep
/// being processed meanwhile, and its partition resumes in order once it succeeds.
@Suite(.serialized) struct PartitionIsolationTests {
    @Test(.timeLimit(.minutes(1)))
    func otherPartitionsFlowWhileOneIsPausedForRetry() async throws {
        try await Harness.with(ordersPartitions: 2) { harness in
            let stuckOrder = UUID()
            let poison = try TestEvents.confirmed(orderID: stuckOrder, amount: 100)
            let behindPoison = try (101...103).map { try TestEvents.confirmed(orderID: stuckOrder, amount: Int64($0)) }
            let others = try (1...10).map { try TestEvents.confirmed(amount: Int64($0)) }
            let healed = Atomic<Bool>(false)
            let calls = CallLog()
            let handlers = Ledger.handlers(calls: calls) { event, _, _ in
                if event.metadata.id == poison.id, !healed.load(ordering: .acquiring) {
                    throw HandlerError.retryable("payment provider unavailable")
                }
            }
            try await harness.broker.send(([poison] + behindPoison).map { TestEvents.record($0, partition: 0) })
            let loop = try harness.startLoop(group: uniqueName("isolate"), handlers: handlers) { configuration in
                configuration.retry = RetryPolicy(base: .milliseconds(50), cap: .milliseconds(200), maxAttempts: 1_000)
            }
            try await waitUntil("the poison message retried") { calls.count(poison.id) >= 2 }

            try await harness.broker.send(others.map { TestEvents.record($0, partition: 1) })
            try await waitUntil("the other partition's events processed") {
                try await Ledger.rows(in: harness.database) == others.count
            }
            let attemptsMeanwhile = calls.count(poison.id)
            #expect(Set(try await Ledger.amounts(in: harness.database)) == Set(1...10))
            #expect(behindPoison.allSatisfy { calls.count($0.id) == 0 })

            healed.store(true, ordering: .releasing)
            try await waitUntil("the paused partition resumed") {
                try await Ledger.rows(in: harness.database) == others.count + 1 + behindPoison.count
            }
            try await loop.stop()

            #expect(attemptsMeanwhile >= 2)
            #expect(calls.count(poison.id) > attemptsMeanwhile)
            let stuckAmounts = try await harness.database.query(
                "SELECT amount FROM ledger WHERE order_id = $1 ORDER BY id", [.uuid(stuckOrder)]
            ).map { try $0["amount"].int64() }
            #expect(stuckAmounts == [100, 101, 102, 103])
            #expect(loop.metrics.total(MetricNames.deadLetters) == 0)
        }
    }
}
