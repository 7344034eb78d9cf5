import Foundation
import Postgres

/// SQL of the payments database, kept in one place.
struct PaymentStore: Sendable {
    let transaction: PostgresTransaction

    struct Payment: Sendable {
        var paymentID: UUID
        var customerID: String
        var amount: Int64
        var currency: String
        var status: PaymentStatus?
    }

    func hasPayment(for orderID: UUID) async throws -> Bool {
        try await !transaction.query("SELECT 1 FROM payments WHERE order_id = $1", [.uuid(orderID)]).isEmpty
    }

    /// Records an authorization; the payment id is the provider's charge id. Nothing waits for the result.
    func authorize(orderID: UUID, paymentID: UUID, customerID: String, amount: Int64, currency: String) async throws {
        try await transaction.enqueue("""
            INSERT INTO payments (order_id, payment_id, customer_id, amount, currency, status)
            VALUES ($1, $2, $3, $4, $5, 'authorized')
            """, [.uuid(orderID), .uuid(paymentID), .text(customerID), .int64(amount), .text(currency)])
    }

    func decline(orderID: UUID, paymentID: UUID, customerID: String, amount: Int64, currency: String, reason: String) async throws {
        try await transaction.enqueue("""
            INSERT INTO payments (order_id, payment_id, customer_id, amount, currency, status, decline_reason)
            VALUES ($1, $2, $3, $4, $5, 'declined', $6)
            """, [.uuid(orderID), .uuid(paymentID), .text(customerID), .int64(amount), .text(currency), .text(reason)])
    }

    /// The order's payment, locked until the transaction ends; nil when it never got one.
    func lockPayment(of orderID: UUID) async throws -> Payment? {
        guard let row = try await transaction.query(
            "SELECT payment_id, customer_id, amount, currency, status FROM payments WHERE order_id = $1 FOR UPDATE",
            [.uuid(orderID)]
        ).first else { return nil }
        return Payment(
            paymentID: try row["payment_id"].uuid(), customerID: try row["customer_id"].string(),
            amount: try row["amount"].int64(), currency: try row["currency"].string(),
            status: PaymentStatus(rawValue: try row["status"].string()))
    }

    func refund(orderID: UUID) async throws {
        try await transaction.enqueue(
            "UPDATE payments SET status = 'refunded', refunded_at = now() WHERE order_id = $1", [.uuid(orderID)])
    }
}
