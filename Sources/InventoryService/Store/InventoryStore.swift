import Events
import Foundation
import Postgres
import Streaming

/// SQL of the inventory database, kept in one place.
struct InventoryStore: Sendable {
    let transaction: PostgresTransaction

    struct Reservation: Sendable {
        var reservationID: UUID
        var status: ReservationStatus?
        var lines: [ReservedLine]
    }

    func hasReservation(for orderID: UUID) async throws -> Bool {
        try await !transaction.query("SELECT 1 FROM reservations WHERE order_id = $1", [.uuid(orderID)]).isEmpty
    }

    /// Units available per SKU, with the rows locked in SKU order so concurrent reservations on other
    /// replicas cannot deadlock.
    func lockAvailability(of skus: [String]) async throws -> [String: Int] {
        let rows = try await transaction.query(
            "SELECT sku, on_hand - reserved AS available FROM stock WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE",
            [.textArray(skus)])
        var available: [String: Int] = [:]
        for row in rows { available[try row["sku"].string()] = try row["available"].int() }
        return available
    }

    func hold(_ lines: [ReservedLine], orderID: UUID, reservationID: UUID) async throws {
        for line in lines {
            try await transaction.execute(
                "UPDATE stock SET reserved = reserved + $2 WHERE sku = $1", [.text(line.sku), .int(line.quantity)])
        }
        try await transaction.execute(
            "INSERT INTO reservations (order_id, reservation_id, status, lines) VALUES ($1, $2, 'held', $3)",
            [.uuid(orderID), .uuid(reservationID), .jsonb(try JSONText.encode(lines))])
    }

    func recordRejection(_ requested: [ReservedLine], orderID: UUID) async throws {
        try await transaction.execute(
            "INSERT INTO reservations (order_id, reservation_id, status, lines) VALUES ($1, $2, 'rejected', $3)",
            [.uuid(orderID), .uuid(UUID()), .jsonb(try JSONText.encode(requested))])
    }

    /// The order's reservation, locked until the transaction ends; nil when it has none.
    func lockReservation(of orderID: UUID) async throws -> Reservation? {
        guard let row = try await transaction.query(
            "SELECT reservation_id, status, lines FROM reservations WHERE order_id = $1 FOR UPDATE", [.uuid(orderID)]
        ).first else { return nil }
        return Reservation(
            reservationID: try row["reservation_id"].uuid(), status: ReservationStatus(rawValue: try row["status"].string()),
            lines: try JSONDecoder().decode([ReservedLine].self, from: Data(try row["lines"].json())))
    }

    /// Gives the reservation's units back, SKU by SKU in order, and marks it released.
    func release(_ reservation: Reservation, orderID: UUID) async throws {
        for line in reservation.lines.sorted(by: { $0.sku < $1.sku }) {
            try await transaction.execute(
                "UPDATE stock SET reserved = reserved - $2 WHERE sku = $1", [.text(line.sku), .int(line.quantity)])
        }
        try await transaction.execute(
            "UPDATE reservations SET status = 'released', released_at = now() WHERE order_id = $1", [.uuid(orderID)])
    }
}
