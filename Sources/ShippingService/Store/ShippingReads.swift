import Postgres
import Streaming

/// The shipping service's public read API over its database.
public struct ShippingReads: Sendable {
    let connection: PostgresConnection

    public init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    /// Shipments scheduled per order id.
    public func shipmentCounts() async throws(PostgresError) -> [String: Int] {
        var shipments: [String: Int] = [:]
        for row in try await connection.query(
            "SELECT order_id::text AS order_id, count(*) AS shipments FROM shipments GROUP BY order_id") {
            shipments[try row["order_id"].string()] = try row["shipments"].int()
        }
        return shipments
    }

    /// What must never happen twice in the shipping database.
    public static let consistencyChecks = [
        ConsistencyCheck(name: "shipping: more than one shipment per order", sql: """
            SELECT count(*) - count(DISTINCT order_id) AS surplus FROM shipments
            """),
    ]
}
