import Events
import Foundation
import Postgres
import Streaming

/// order.placed → reserve every line or reject the order; order.cancelled → release a held
/// reservation, once.
struct InventoryHandlers: Sendable {
    func placed(_ event: Event<OrderPlaced>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let order = event.data
        let tx = context.transaction
        if try await !tx.query("SELECT 1 FROM reservations WHERE order_id = $1", [.uuid(order.orderId)]).isEmpty {
            return []
        }
        let requested = ReservationRules.requested(order.lines)
        // Rows locked in SKU order, so concurrent reservations on other replicas cannot deadlock.
        let rows = try await tx.query(
            "SELECT sku, on_hand - reserved AS available FROM stock WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE",
            [.textArray(requested.map(\.sku))])
        var available: [String: Int] = [:]
        for row in rows { available[try row["sku"].string()] = try row["available"].int() }

        switch ReservationRules.decide(requested, available: available) {
        case .reserve(let lines):
            for line in lines {
                try await tx.execute(
                    "UPDATE stock SET reserved = reserved + $2 WHERE sku = $1", [.text(line.sku), .int(line.quantity)])
            }
            let reservationID = UUID()
            try await tx.execute(
                "INSERT INTO reservations (order_id, reservation_id, status, lines) VALUES ($1, $2, 'held', $3)",
                [.uuid(order.orderId), .uuid(reservationID), .jsonb(try JSONText.encode(lines))])
            return [try context.emit(StockReserved(orderId: order.orderId, reservationId: reservationID, lines: lines))]
        case .reject(let unavailable):
            try await tx.execute(
                "INSERT INTO reservations (order_id, reservation_id, status, lines) VALUES ($1, $2, 'rejected', $3)",
                [.uuid(order.orderId), .uuid(UUID()), .jsonb(try JSONText.encode(requested))])
            return [try context.emit(StockRejected(orderId: order.orderId, unavailable: unavailable))]
        }
    }

    func cancelled(_ event: Event<OrderCancelled>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let tx = context.transaction
        guard let reservation = try await tx.query(
            "SELECT reservation_id, status, lines FROM reservations WHERE order_id = $1 FOR UPDATE",
            [.uuid(event.data.orderId)]
        ).first, try reservation["status"].string() == "held" else {
            return []  // nothing held: nothing to release
        }
        let lines = try JSONDecoder().decode([ReservedLine].self, from: Data(try reservation["lines"].json()))
        for line in lines.sorted(by: { $0.sku < $1.sku }) {
            try await tx.execute(
                "UPDATE stock SET reserved = reserved - $2 WHERE sku = $1", [.text(line.sku), .int(line.quantity)])
        }
        try await tx.execute(
            "UPDATE reservations SET status = 'released', released_at = now() WHERE order_id = $1", [.uuid(event.data.orderId)])
        return [try context.emit(StockReleased(
            orderId: event.data.orderId, reservationId: try reservation["reservation_id"].uuid(), lines: lines))]
    }
}
