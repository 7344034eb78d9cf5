import Events
import Foundation
import Postgres
import Streaming

/// SQL of the orders database, kept in one place.
struct OrderStore: Sendable {
    let transaction: PostgresTransaction

    func exists(_ orderID: String) async throws -> Bool {
        try await !transaction.query("SELECT 1 FROM orders WHERE order_id = $1", [.text(orderID)]).isEmpty
    }

    func insertPlaced(_ order: OrderPlaced, version: Int, correlationID: String) async throws {
        try await transaction.execute("""
            INSERT INTO orders (order_id, customer_id, status, currency, total_amount, lines, placed_version, correlation_id)
            VALUES ($1, $2, 'placed', $3, $4, $5, $6, $7)
            """, [
                .text(order.orderId.lowercased), .text(order.customerId), .text(order.currency),
                .int64(order.totalAmount), .jsonb(try JSONText.encode(order.lines)), .int(version), .text(correlationID),
            ])
    }

    func insertRejected(_ request: OrderRequested, errors: [OrderRejected.ValidationError], correlationID: String) async throws {
        try await transaction.execute("""
            INSERT INTO orders (order_id, customer_id, status, currency, total_amount, lines, rejection_errors, correlation_id)
            VALUES ($1, $2, 'rejected', $3, $4, $5, $6, $7)
            """, [
                .text(OrderIdentifier.canonical(request.orderId)), .text(request.customerId), .text(request.currency), .int64(request.totalAmount),
                .jsonb(try JSONText.encode(request.lines)), .jsonb(try JSONText.encode(errors)), .text(correlationID),
            ])
    }

    /// Reads the order and locks its row: every fact about one order is applied one at a time, and
    /// the events they cause enter the outbox in that order.
    func lock(_ orderID: UUID) async throws -> LockedOrder? {
        let rows = try await transaction.query("""
            SELECT status, payment_status, payment_id, payment_detail, stock_status, reservation_id, stock_detail,
                   shipment_id, total_amount, currency,
                   EXTRACT(EPOCH FROM clock_timestamp() - created_at)::float8 AS age_seconds
            FROM orders WHERE order_id = $1 FOR UPDATE
            """, [.text(orderID.lowercased)])
        guard let row = rows.first else { return nil }
        guard let status = OrderStatus(rawValue: try row["status"].string()) else {
            throw HandlerError.permanent("order \(orderID.lowercased) has unknown status", errorClass: "corrupt_order")
        }
        var state = OrderState(status: status)
        switch try row["payment_status"].optional({ try $0.string() }) {
        case "authorized": state.payment = .authorized(paymentID: try row["payment_id"].uuid())
        case "declined": state.payment = .declined(reason: try row["payment_detail"].optional({ try $0.string() }) ?? "")
        default: break
        }
        switch try row["stock_status"].optional({ try $0.string() }) {
        case "reserved": state.stock = .reserved(reservationID: try row["reservation_id"].uuid())
        case "rejected": state.stock = .rejected(detail: try row["stock_detail"].optional({ try $0.string() }) ?? "")
        default: break
        }
        state.shipmentID = try row["shipment_id"].optional({ try $0.uuid() })
        return LockedOrder(
            id: orderID, state: state, totalAmount: try row["total_amount"].int64(), currency: try row["currency"].string(),
            age: .milliseconds(Int64(try row["age_seconds"].double() * 1000)))
    }

    func save(_ order: LockedOrder, cancelReason: String?) async throws {
        var paymentStatus: String?, paymentID: UUID?, paymentDetail: String?
        switch order.state.payment {
        case .authorized(let id)?: paymentStatus = "authorized"; paymentID = id
        case .declined(let reason)?: paymentStatus = "declined"; paymentDetail = reason
        case nil: break
        }
        var stockStatus: String?, reservationID: UUID?, stockDetail: String?
        switch order.state.stock {
        case .reserved(let id)?: stockStatus = "reserved"; reservationID = id
        case .rejected(let detail)?: stockStatus = "rejected"; stockDetail = detail
        case nil: break
        }
        try await transaction.execute("""
            UPDATE orders SET status = $2, payment_status = $3, payment_id = $4, payment_detail = $5,
                stock_status = $6, reservation_id = $7, stock_detail = $8, shipment_id = $9,
                cancel_reason = COALESCE($10, cancel_reason), updated_at = now()
            WHERE order_id = $1
            """, [
                .text(order.id.lowercased), .text(order.state.status.rawValue), .optionalText(paymentStatus),
                .optionalUUID(paymentID), .optionalText(paymentDetail), .optionalText(stockStatus),
                .optionalUUID(reservationID), .optionalText(stockDetail), .optionalUUID(order.state.shipmentID),
                .optionalText(cancelReason),
            ])
    }

    func recordHistory(_ orderID: String, event: EventMetadata, status: OrderStatus, detail: String?) async throws {
        try await transaction.execute(
            "INSERT INTO order_history (order_id, event_id, event_type, status, detail) VALUES ($1, $2, $3, $4, $5)",
            [.text(orderID), .uuid(event.id), .text(event.type), .text(status.rawValue), .optionalText(detail)])
    }
}

struct LockedOrder: Sendable {
    var id: UUID
    var state: OrderState
    var totalAmount: Int64
    var currency: String
    /// Since the order was placed, by the database's clock.
    var age: Duration
}
