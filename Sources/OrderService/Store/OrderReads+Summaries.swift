import Events
import Postgres

extension OrderReads {
    /// The summary of each of these orders that exists, by canonical id (one query, however many ids).
    public func summaries(of orderIDs: [String]) async throws(PostgresError) -> [String: OrderSummary] {
        let rows = try await connection.query(
            "SELECT order_id, status, cancel_reason, correlation_id, placed_version FROM orders WHERE order_id = ANY($1::text[])",
            [.textArray(orderIDs.map(OrderIdentifier.canonical))])
        var orders: [String: OrderSummary] = [:]
        for row in rows {
            orders[try row["order_id"].string()] = OrderSummary(
                status: try row["status"].string(), cancelReason: try row["cancel_reason"].optional { cell throws(PostgresError) in try cell.string() },
                correlationID: try row["correlation_id"].string(),
                placedVersion: try row["placed_version"].optional { cell throws(PostgresError) in try cell.int() })
        }
        return orders
    }
}
