import Events
import Foundation
import Postgres
import Streaming
import Synchronization
import TestSupport

/// The test service's one effect: a `ledger` row per handled event, with no unique constraint, so an
/// event handled twice shows up as two rows. Each handled event also emits a `payment.refunded` into
/// the outbox, so outbox rows are countable per incoming event (their causation id).
enum Ledger {
    static let migration = Migration(version: 1, name: "ledger", sql: """
        CREATE TABLE ledger (
            id             bigserial   PRIMARY KEY,
            consumer_group text        NOT NULL,
            event_id       uuid        NOT NULL,
            order_id       uuid        NOT NULL,
            amount         bigint      NOT NULL,
            handled_at     timestamptz NOT NULL DEFAULT now()
        );
        """)

    /// What a handler does before its effect; throw to fail this call. `call` counts calls for this event
    /// id, from 1, across every loop built from the same `CallLog`.
    typealias Behaviour = @Sendable (_ event: Event<OrderConfirmed>, _ call: Int, _ context: HandlerContext) async throws -> Void

    static func handlers(calls: CallLog = CallLog(), behaviour: @escaping Behaviour = { _, _, _ in }) -> EventHandlers {
        var handlers = EventHandlers()
        handlers.on(OrderConfirmed.self) { event, context in
            let call = calls.record(event.metadata.id)
            try await behaviour(event, call, context)
            try await context.transaction.execute(
                "INSERT INTO ledger (consumer_group, event_id, order_id, amount) VALUES ($1, $2, $3, $4)",
                [.text(context.consumerGroup), .uuid(event.metadata.id), .uuid(event.data.orderId), .int64(event.data.totalAmount)])
            return [try context.emit(PaymentRefunded(
                orderId: event.data.orderId, paymentId: event.data.paymentId, amount: event.data.totalAmount,
                currency: event.data.currency))]
        }
        return handlers
    }

    static func rows(in database: ScratchDatabase, group: String? = nil) async throws -> Int {
        guard let group else { return try await database.count("SELECT count(*) FROM ledger") }
        return try await database.count("SELECT count(*) FROM ledger WHERE consumer_group = $1", [.text(group)])
    }

    /// Amounts in the ledger in handling order (the tests use the amount as a sequence number).
    static func amounts(in database: ScratchDatabase) async throws -> [Int64] {
        try await database.query("SELECT amount FROM ledger ORDER BY id").map { try $0["amount"].int64() }
    }
}

/// How often the handler was called per event id.
final class CallLog: Sendable {
    private let calls = Mutex<[UUID: Int]>([:])

    func record(_ id: UUID) -> Int {
        calls.withLock { calls in
            calls[id, default: 0] += 1
            return calls[id] ?? 0
        }
    }

    func count(_ id: UUID) -> Int { calls.withLock { $0[id] ?? 0 } }

    var total: Int { calls.withLock { $0.values.reduce(0, +) } }
}
