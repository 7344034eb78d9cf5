import Events
import Foundation
import Streaming
import Synchronization
import TestSupport
import Testing

/// Handlers with a part outside the transaction (`EventHandlers.on(_:prepare:handle:)`): it runs before
/// the batch's transaction opens, its value reaches the handler, a refusal by a dependency spends no
/// attempt, and a failure holds back the later events of its key.
@Suite(.serialized) struct PreparationTests {
    /// The ledger's handler, with a preparation that returns the amount to record.
    static func handlers(
        prepare: @escaping @Sendable (Event<OrderConfirmed>, Int) async throws -> Int64, calls: CallLog = CallLog()
    ) -> EventHandlers {
        var handlers = EventHandlers()
        handlers.on(OrderConfirmed.self) { event, _ in
            try await prepare(event, calls.record(event.metadata.id))
        } handle: { event, amount, context in
            try await context.transaction.execute(
                "INSERT INTO ledger (consumer_group, event_id, order_id, amount) VALUES ($1, $2, $3, $4)",
                [.text(context.consumerGroup), .uuid(event.metadata.id), .uuid(event.data.orderId), .int64(amount)])
            return []
        }
        return handlers
    }

    @Test(.timeLimit(.minutes(1)))
    func thePreparationRunsWithNoTransactionOpenAndItsValueIsRecorded() async throws {
        try await Harness.with { harness in
            let database = harness.database
            let openTransactions = Recorded<Int>()
            let handlers = Self.handlers { event, _ in
                let open = try await database.count("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND state LIKE 'idle in transaction%'
                    """)
                openTransactions.append(open)
                return event.data.totalAmount * 10
            }
            let events = try (1...5).map { try TestEvents.confirmed(amount: Int64($0)) }
            try await harness.broker.send(events.map { TestEvents.record($0) })
            let loop = try harness.startLoop(group: uniqueName("prepare"), handlers: handlers)
            try await waitUntil("every event recorded", timeout: .seconds(60)) { try await Ledger.rows(in: harness.database) == 5 }
            try await loop.stop()
            #expect(try await Ledger.amounts(in: harness.database).sorted() == [10, 20, 30, 40, 50])
            #expect(openTransactions.values == [0, 0, 0, 0, 0])
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aRefusingDependencySpendsNoAttemptAndDeadLettersNothing() async throws {
        try await Harness.with { harness in
            // More refusals than the loop's two attempts: only a failure spends them.
            let handlers = Self.handlers { event, call in
                if call <= 4 { throw DependencyUnavailable(dependency: "provider", reason: "breaker open") }
                return event.data.totalAmount
            }
            let event = try TestEvents.confirmed(amount: 7)
            try await harness.broker.send([TestEvents.record(event)])
            let loop = try harness.startLoop(group: uniqueName("refused"), handlers: handlers) {
                $0.postponeDelay = .milliseconds(20)
                $0.retry = RetryPolicy(base: .milliseconds(20), cap: .milliseconds(100), maxAttempts: 2)
            }
            try await waitUntil("the event recorded", timeout: .seconds(60)) { try await Ledger.rows(in: harness.database) == 1 }
            try await loop.stop()
            #expect(loop.metrics.total(MetricNames.deadLetters) == 0)
            #expect(loop.metrics.total(MetricNames.retries) == 0)
            #expect(try await harness.broker.messageCount(topic: TopicCatalog.deadLetterTopic(for: TestEvents.topic)) == 0)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aFailedPreparationHoldsBackTheLaterEventsOfItsKey() async throws {
        try await Harness.with { harness in
            let orderID = UUID()
            let first = try TestEvents.confirmed(orderID: orderID, amount: 1)
            let second = try TestEvents.confirmed(orderID: orderID, amount: 2)
            let order = Recorded<String>()
            let handlers = Self.handlers { event, call in
                let which = event.metadata.id == first.id ? "first" : "second"
                order.append("\(which)#\(call)")
                if event.metadata.id == first.id, call < 3 { throw HandlerError.retryable("provider busy") }
                return event.data.totalAmount
            }
            try await harness.broker.send([TestEvents.record(first), TestEvents.record(second)])
            let loop = try harness.startLoop(group: uniqueName("held"), handlers: handlers)
            try await waitUntil("both recorded", timeout: .seconds(60)) { try await Ledger.rows(in: harness.database) == 2 }
            try await loop.stop()
            let calls = order.values
            #expect(Array(calls.prefix(3)) == ["first#1", "first#2", "first#3"], "\(calls)")
            #expect(try await Ledger.amounts(in: harness.database) == [1, 2])
            #expect(loop.metrics.total(MetricNames.deadLetters) == 0)
        }
    }

    /// Across batches too: once a key is parked, its later events make no outside call (a refund asked for
    /// before its charge) until the parked one went through.
    @Test(.timeLimit(.minutes(1)))
    func aParkedKeysLaterEventCallsOutOnlyAfterTheParkedOne() async throws {
        try await Harness.with { harness in
            let orderID = UUID()
            let first = try TestEvents.confirmed(orderID: orderID, amount: 1)
            let second = try TestEvents.confirmed(orderID: orderID, amount: 2)
            let failing = Mutex(true)
            let order = Recorded<String>()
            let handlers = Self.handlers { event, call in
                let which = event.metadata.id == first.id ? "first" : "second"
                let fails = which == "first" && failing.withLock { $0 }
                order.append(fails ? "\(which) failed" : which)
                if fails { throw HandlerError.retryable("provider refuses this order") }
                return event.data.totalAmount
            }
            try await harness.broker.send([TestEvents.record(first)])
            let loop = try harness.startLoop(group: uniqueName("parked-calls"), handlers: handlers) {
                $0.retry = RetryPolicy(base: .milliseconds(50), cap: .milliseconds(200), maxAttempts: 1_000)
            }
            try await waitUntil("the first parked") { try await harness.database.count("SELECT count(*) FROM parked_messages") == 1 }
            try await harness.broker.send([TestEvents.record(second)])
            try await waitUntil("the second parked behind it") {
                try await harness.database.count("SELECT count(*) FROM parked_messages") == 2
            }
            failing.withLock { $0 = false }
            try await waitUntil("both recorded", timeout: .seconds(60)) { try await Ledger.rows(in: harness.database) == 2 }
            try await loop.stop()
            let calls = order.values.filter { !$0.hasSuffix("failed") }
            #expect(calls == ["first", "second"], "\(order.values)")
            #expect(try await Ledger.amounts(in: harness.database) == [1, 2])
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aHoldingGatePausesConsumptionUntilItLetsGo() async throws {
        try await Harness.with { harness in
            let gate = TestGate()
            gate.hold(true)
            let handlers = Ledger.handlers()
            let loop = try harness.startLoop(group: uniqueName("gate"), handlers: handlers, gates: [gate])
            let events = try (1...3).map { try TestEvents.confirmed(amount: Int64($0)) }
            try await harness.broker.send(events.map { TestEvents.record($0) })
            // Long enough for the loop to have fetched them, had it not been held.
            try await Task.sleep(for: .seconds(2))
            #expect(try await Ledger.rows(in: harness.database) == 0)
            gate.hold(false)
            try await waitUntil("every event recorded after the gate let go", timeout: .seconds(60)) { try await Ledger.rows(in: harness.database) == 3 }
            try await loop.stop()
            #expect(try await Ledger.rows(in: harness.database) == 3)
            #expect(loop.metrics.total(MetricNames.retries) == 0)
            #expect(loop.metrics.total(MetricNames.deadLetters) == 0)
        }
    }
}

/// A gate a test opens and closes by hand.
final class TestGate: ConsumeGate, Sendable {
    let name = "test-dependency"
    private let holding = Mutex(false)

    func hold(_ value: Bool) { holding.withLock { $0 = value } }

    func holdReason() -> String? { holding.withLock { $0 } ? "held by the test" : nil }

    var status: String { holding.withLock { $0 } ? "held" : "open" }
}

/// Values recorded from concurrent tasks, in arrival order.
final class Recorded<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    func append(_ value: Value) { storage.withLock { $0.append(value) } }

    var values: [Value] { storage.withLock { $0 } }
}
