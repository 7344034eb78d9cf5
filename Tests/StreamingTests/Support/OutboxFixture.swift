import Events
import Foundation
import Kafka
import Postgres
import Streaming
import TestSupport

/// Outbox rows as handlers write them: `payment.refunded` events for a set of orders, each order's
/// events numbered by their amount (0, 1, 2, ...), interleaved across orders as a busy service would.
struct OutboxFixture: Sendable {
    let orders: [UUID]
    let perOrder: Int

    var count: Int { orders.count * perOrder }

    init(orders: Int, perOrder: Int) {
        self.orders = (0..<orders).map { _ in UUID() }
        self.perOrder = perOrder
    }

    /// Writes the rows in id order: amount by amount, order by order, `chunk` rows a transaction.
    /// `amounts` limits the write to a part of each order's sequence (for writing in several goes).
    func write(to database: ScratchDatabase, amounts: Range<Int>? = nil, chunk: Int = 500) async throws {
        let range = amounts ?? 0..<perOrder
        var events: [OutgoingEvent] = []
        for amount in range {
            for order in orders {
                events.append(try OutgoingEvent(
                    PaymentRefunded(orderId: order, paymentId: order, amount: Int64(amount), currency: "EUR"),
                    source: "streaming-tests", subject: order.uuidString.lowercased(),
                    correlationID: order.uuidString.lowercased()))
            }
        }
        let writer = OutboxWriter()
        try await database.withConnection { connection in
            var start = 0
            while start < events.count {
                let slice = Array(events[start..<min(events.count, start + chunk)])
                try await connection.transaction { transaction in try await writer.write(slice, in: transaction) }
                start += chunk
            }
        }
    }

    static func unpublished(in database: ScratchDatabase) async throws -> Int {
        try await database.count("SELECT count(*) FROM outbox_unpublished")
    }

    /// What arrived on the topic, decoded: per order the amounts in arrival order, and per event id the
    /// distinct values it arrived with.
    struct Arrivals {
        var amountsByOrder: [UUID: [Int64]] = [:]
        var valuesByEventID: [UUID: Set<[UInt8]>] = [:]
        var headerIDMismatches = 0
        var undecodable = 0
        var total = 0

        init(_ messages: [KafkaMessage]) {
            for message in messages {
                total += 1
                guard let value = message.value, let event = try? EventRegistry.standard.decode(value),
                      let refund = event.as(PaymentRefunded.self)
                else {
                    undecodable += 1
                    continue
                }
                if message.headers.string(named: EventHeaders.id) != event.metadata.id.uuidString.lowercased() {
                    headerIDMismatches += 1
                }
                amountsByOrder[refund.data.orderId, default: []].append(refund.data.amount)
                valuesByEventID[event.metadata.id, default: []].insert(value)
            }
        }

        /// Each order's amounts with repeats of an already seen amount removed (a republished event).
        var firstArrivalsByOrder: [UUID: [Int64]] {
            amountsByOrder.mapValues { amounts in
                var seen = Set<Int64>()
                return amounts.filter { seen.insert($0).inserted }
            }
        }
    }
}
