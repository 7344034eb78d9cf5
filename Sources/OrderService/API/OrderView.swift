import Foundation
import Postgres

/// An order as `GET /api/v1/orders/{id}` shows it: state and history.
struct OrderView: Codable, Sendable {
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

    static func load(_ orderID: String, _ connection: PostgresConnection) async throws -> OrderView? {
        let id = UUID(uuidString: orderID)?.lowercased ?? orderID
        guard let row = try await connection.query("""
            SELECT order_id, customer_id, status, total_amount, currency, payment_status, stock_status, cancel_reason, correlation_id
            FROM orders WHERE order_id = $1
            """, [.text(id)]).first else { return nil }
        let history = try await connection.query(
            "SELECT event_type, event_id, status, detail, recorded_at FROM order_history WHERE order_id = $1 ORDER BY id",
            [.text(id)]
        ).map { step in
            Step(eventType: try step["event_type"].string(), eventId: try step["event_id"].uuid().uuidString.lowercased(),
                 status: try step["status"].string(), detail: try step["detail"].optional({ try $0.string() }),
                 at: try step["recorded_at"].date())
        }
        return OrderView(
            orderId: try row["order_id"].string(), customerId: try row["customer_id"].string(),
            status: try row["status"].string(), totalAmount: try row["total_amount"].int64(),
            currency: try row["currency"].string(),
            paymentStatus: try row["payment_status"].optional({ try $0.string() }),
            stockStatus: try row["stock_status"].optional({ try $0.string() }),
            cancelReason: try row["cancel_reason"].optional({ try $0.string() }),
            correlationId: try row["correlation_id"].string(), history: history)
    }
}
