import Postgres
import Streaming

/// The payment service's public read API over its database.
public struct PaymentReads: Sendable {
    let connection: PostgresConnection

    public init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    /// The payment status of every order that has a payment, by order id.
    public func statuses() async throws(PostgresError) -> [String: PaymentStatus] {
        var statuses: [String: PaymentStatus] = [:]
        for row in try await connection.query("SELECT order_id::text AS order_id, status FROM payments") {
            if let status = PaymentStatus(rawValue: try row["status"].string()) { statuses[try row["order_id"].string()] = status }
        }
        return statuses
    }

    /// What must never happen twice in the payments database.
    public static let consistencyChecks = [
        ConsistencyCheck(name: "payments: more than one payment per order", sql: """
            SELECT count(*) - count(DISTINCT order_id) AS surplus FROM payments
            """),
    ]
}
