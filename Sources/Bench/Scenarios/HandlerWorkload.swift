import OrderTraffic
import Synchronization
import Events
import Foundation
import Kafka
import Postgres
import Streaming

/// The work of one representative service handler, shared by the handler scenario and its pgbench
/// baseline so both run the same SQL: `order.placed` → record the payment decision (one upsert) and
/// emit `payment.authorized` through the outbox.
enum HandlerWorkload {
    static let service = "bench-handler"

    static let migrations = [
        Migration(version: 1, name: "bench_payments", sql: """
            CREATE TABLE IF NOT EXISTS bench_payments (
                order_id    uuid        PRIMARY KEY,
                customer_id text        NOT NULL,
                amount      bigint      NOT NULL,
                status      text        NOT NULL,
                updated_at  timestamptz NOT NULL DEFAULT now()
            );
            """),
    ]

    /// The state change, as the handler sends it ($1 order id, $2 customer id, $3 amount).
    static let stateChange = """
        INSERT INTO bench_payments (order_id, customer_id, amount, status) VALUES ($1, $2, $3, 'authorized') \
        ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
        """

    static func handlers(
        emitting: Bool, to outputTopic: String, progress: ProgressCounter, gaps: LatencyRecorder, clock: HandlerClock
    ) -> EventHandlers {
        var handlers = EventHandlers()
        handlers.on(OrderPlaced.self) { event, context in
            progress.add()
            clock.tick(gaps)
            let order = event.data
            try await context.transaction.enqueue(
                stateChange, [.uuid(order.orderId), .text(order.customerId), .int64(order.totalAmount)])
            guard emitting else { return [] }
            return [try context.emit(
                PaymentAuthorized(
                    orderId: order.orderId, paymentId: event.metadata.id, customerId: order.customerId,
                    amount: order.totalAmount, currency: order.currency),
                topic: outputTopic)]
        }
        return handlers
    }

    /// `count` order.placed events, keyed by order id, as the order service publishes them.
    static func records(count: Int, topic: String, seed: UInt64 = 8) throws -> [KafkaRecord] {
        var generator = OrderGenerator(mix: .default, seed: seed)
        var records: [KafkaRecord] = []
        records.reserveCapacity(count)
        while records.count < count {
            let generated = generator.next()
            guard generated.scenario != .invalid, let orderID = UUID(uuidString: generated.request.orderId) else { continue }
            let request = generated.request
            let placed = Event(
                source: "order-service", subject: request.orderId, correlationID: generated.event.metadata.correlationID,
                causationID: generated.event.metadata.id.uuidString.lowercased(),
                data: OrderPlaced(
                    orderId: orderID, customerId: request.customerId, lines: request.lines, totalAmount: request.totalAmount,
                    paymentToken: request.paymentToken, shippingCountry: request.shippingCountry, currency: request.currency))
            records.append(try record(placed, topic: topic))
        }
        return records
    }

    static func record<P: EventPayload>(_ event: Event<P>, topic: String) throws -> KafkaRecord {
        let value = try EventRegistry.standard.encode(event)
        return KafkaRecord(
            topic: topic, key: Array(event.metadata.subject.utf8), value: value,
            headers: EventHeaders.headers(for: event.metadata).map { KafkaHeader(key: $0.key, string: $0.value) })
    }

    /// One single-event transaction of the handler, for pgbench: the dedupe insert, the state change and
    /// the outbox insert the runtime sends, with fresh ids each time. The outbox row names the topic the
    /// handler emits to; pgbench never publishes it.
    static func pgbenchTransaction(outboxValue: [UInt8], topic outputTopic: String) -> String {
        let value = "'\\x" + outboxValue.map { String(format: "%02x", $0) }.joined() + "'::bytea"
        return """
            \\set n random(1, 1000000000)
            BEGIN;
            INSERT INTO processed_events (consumer_group, event_id, event_type) VALUES ('pgbench', gen_random_uuid(), 'order.placed') ON CONFLICT DO NOTHING;
            INSERT INTO bench_payments (order_id, customer_id, amount, status) VALUES (gen_random_uuid(), 'cust-' || :n, :n, 'authorized') ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now();
            INSERT INTO outbox (shard, topic, message_key, value, event_id, event_type, schema_version, correlation_id) VALUES (:n % \(RelaySettings.Variables.shards.defaultValue), '\(outputTopic)', convert_to(gen_random_uuid()::text, 'UTF8'), \(value), gen_random_uuid(), 'payment.authorized', 1, 'corr-' || :n);
            COMMIT;

            """
    }

    /// A payment.authorized envelope as the handler emits it, for sizing outbox rows.
    static func sampleOutboxValue() throws -> [UInt8] {
        let event = Event(
            source: service, subject: UUID().uuidString.lowercased(), correlationID: UUID().uuidString.lowercased(),
            causationID: UUID().uuidString.lowercased(),
            data: PaymentAuthorized(orderId: UUID(), paymentId: UUID(), customerId: "cust-12345", amount: 12_345, currency: "USD"))
        return try EventRegistry.standard.encode(event)
    }
}

/// Time between consecutive handler calls: per-event service time, with each batch's commit and
/// fetch showing up as the gap before the next batch's first event.
final class HandlerClock: Sendable {
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    func tick(_ gaps: LatencyRecorder) {
        let now = ContinuousClock.now
        let previous = last.withLock { previous in
            defer { previous = now }
            return previous
        }
        if let previous { gaps.record(now - previous) }
    }
}
