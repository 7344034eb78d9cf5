import Events
import Foundation
import Postgres
import Streaming

/// The order service's public read API over its database: the only way anything outside this library
/// learns about orders from their tables. Order ids are taken in any form and read in canonical form.
public struct OrderReads: Sendable {
    let connection: PostgresConnection

    public init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    /// An order's state and history, nil when there is no such order.
    public func view(of orderID: String) async throws(PostgresError) -> OrderView? {
        let id = OrderIdentifier.canonical(orderID)
        guard let row = try await connection.query("""
            SELECT order_id, customer_id, status, total_amount, currency, payment_status, stock_status, cancel_reason, correlation_id,
                   (SELECT requested_by FROM api_requests r WHERE r.order_id = orders.order_id AND requested_by IS NOT NULL LIMIT 1)
                       AS requested_by
            FROM orders WHERE order_id = $1
            """, [.text(id)]).first else { return nil }
        let history = try await connection.query(
            "SELECT event_type, event_id, status, detail, recorded_at FROM order_history WHERE order_id = $1 ORDER BY id",
            [.text(id)]
        ).map { step throws(PostgresError) in
            OrderView.Step(
                eventType: try step["event_type"].string(), eventId: try step["event_id"].uuid().lowercased,
                status: try step["status"].string(), detail: try step["detail"].optional(Self.text),
                at: try step["recorded_at"].date())
        }
        return OrderView(
            orderId: try row["order_id"].string(), customerId: try row["customer_id"].string(),
            status: try row["status"].string(), totalAmount: try row["total_amount"].int64(),
            currency: try row["currency"].string(),
            paymentStatus: try row["payment_status"].optional(Self.text),
            stockStatus: try row["stock_status"].optional(Self.text),
            cancelReason: try row["cancel_reason"].optional(Self.text),
            correlationId: try row["correlation_id"].string(), history: history,
            requestedBy: try row["requested_by"].optional(Self.text))
    }

    /// Who asked for the order through the API: the `sub` of their token; nil when it did not come
    /// through the API or authentication was disabled.
    public func requester(of orderID: String) async throws(PostgresError) -> String? {
        try await connection.query(
            "SELECT requested_by FROM api_requests WHERE order_id = $1 AND requested_by IS NOT NULL LIMIT 1",
            [.text(OrderIdentifier.canonical(orderID))]
        ).first?["requested_by"].string()
    }

    /// The status of each of these orders that exists, by canonical id.
    public func statuses(of orderIDs: [String]) async throws(PostgresError) -> [String: String] {
        let rows = try await connection.query(
            "SELECT order_id, status FROM orders WHERE order_id = ANY($1::text[])", [.textArray(orderIDs.map(OrderIdentifier.canonical))])
        var statuses: [String: String] = [:]
        for row in rows { statuses[try row["order_id"].string()] = try row["status"].string() }
        return statuses
    }

    /// Every order, by canonical id.
    public func summaries() async throws(PostgresError) -> [String: OrderSummary] {
        var orders: [String: OrderSummary] = [:]
        for row in try await connection.query("SELECT order_id, status, cancel_reason, correlation_id, placed_version FROM orders") {
            orders[try row["order_id"].string()] = OrderSummary(
                status: try row["status"].string(), cancelReason: try row["cancel_reason"].optional(Self.text),
                correlationID: try row["correlation_id"].string(),
                placedVersion: try row["placed_version"].optional { cell throws(PostgresError) in try cell.int() })
        }
        return orders
    }

    /// The customer ids recorded for this order id (one, or none when there is no such order).
    public func customers(of orderID: String) async throws(PostgresError) -> [String] {
        try await connection.query("SELECT customer_id FROM orders WHERE order_id = $1", [.text(OrderIdentifier.canonical(orderID))])
            .map { row throws(PostgresError) in try row["customer_id"].string() }
    }

    /// What must never happen twice in the orders database.
    public static let consistencyChecks = [
        ConsistencyCheck(name: "orders: history entries recorded twice for one event", sql: """
            SELECT coalesce(sum(n - 1), 0) AS surplus FROM
              (SELECT count(*) AS n FROM order_history GROUP BY order_id, event_id HAVING count(*) > 1) AS d
            """),
    ]

    private static func text(_ cell: PostgresCell) throws(PostgresError) -> String { try cell.string() }
}
