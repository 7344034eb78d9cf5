import Foundation
import Postgres

/// An order's state and history, as the order API (`GET /api/v1/orders/{id}`) returns it and as the
/// `orders` database holds it.
struct OrderSnapshot: Codable, Sendable {
    struct Step: Codable, Sendable {
        var eventType: String
        var eventId: String
        var status: String
        var detail: String?
        var at: Date
    }

    var orderId: String
    var customerId: String
    var status: String
    var totalAmount: Int64
    var currency: String
    var paymentStatus: String?
    var stockStatus: String?
    var cancelReason: String?
    var correlationId: String
    var history: [Step]

    /// Reads the order service's tables (same query the API runs).
    static func load(_ orderID: String, from connection: PostgresConnection) async throws(PostgresError) -> OrderSnapshot? {
        let id = UUID(uuidString: orderID)?.uuidString.lowercased() ?? orderID
        guard let row = try await connection.query("""
            SELECT order_id, customer_id, status, total_amount, currency, payment_status, stock_status, cancel_reason, correlation_id
            FROM orders WHERE order_id = $1
            """, [.text(id)]).first else { return nil }
        let rows = try await connection.query(
            "SELECT event_type, event_id, status, detail, recorded_at FROM order_history WHERE order_id = $1 ORDER BY id",
            [.text(id)])
        var history: [Step] = []
        for step in rows {
            history.append(Step(
                eventType: try step["event_type"].string(), eventId: try step["event_id"].string(),
                status: try step["status"].string(), detail: try step["detail"].optional { cell throws(PostgresError) in try cell.string() },
                at: try step["recorded_at"].date()))
        }
        return OrderSnapshot(
            orderId: try row["order_id"].string(), customerId: try row["customer_id"].string(),
            status: try row["status"].string(), totalAmount: try row["total_amount"].int64(),
            currency: try row["currency"].string(),
            paymentStatus: try row["payment_status"].optional { cell throws(PostgresError) in try cell.string() },
            stockStatus: try row["stock_status"].optional { cell throws(PostgresError) in try cell.string() },
            cancelReason: try row["cancel_reason"].optional { cell throws(PostgresError) in try cell.string() },
            correlationId: try row["correlation_id"].string(), history: history)
    }
}
