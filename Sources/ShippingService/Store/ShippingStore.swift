import Foundation
import Postgres

/// SQL of the shipping database, kept in one place.
struct ShippingStore: Sendable {
    let transaction: PostgresTransaction

    /// Remembers where an order goes; order.confirmed does not say.
    func recordDestination(of orderID: UUID, country: String) async throws {
        try await transaction.execute(
            "INSERT INTO destinations (order_id, country) VALUES ($1, $2) ON CONFLICT DO NOTHING", [.uuid(orderID), .text(country)])
    }

    func destination(of orderID: UUID) async throws -> String? {
        try await transaction.query("SELECT country FROM destinations WHERE order_id = $1", [.uuid(orderID)]).first?["country"].string()
    }

    func hasShipment(for orderID: UUID) async throws -> Bool {
        try await !transaction.query("SELECT 1 FROM shipments WHERE order_id = $1", [.uuid(orderID)]).isEmpty
    }

    /// `date` is an ISO 8601 calendar date.
    func schedule(orderID: UUID, shipmentID: UUID, carrier: String, date: String) async throws {
        try await transaction.execute(
            "INSERT INTO shipments (order_id, shipment_id, carrier, scheduled_for) VALUES ($1, $2, $3, $4::text::date)",
            [.uuid(orderID), .uuid(shipmentID), .text(carrier), .text(date)])
    }
}
