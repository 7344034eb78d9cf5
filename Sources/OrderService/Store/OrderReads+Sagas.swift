import Events
import Foundation
import Postgres

extension OrderReads {
    /// When an order was placed and when the saga decided it (confirmed or cancelled), from its history.
    public struct SagaTimes: Sendable, Hashable {
        public var placedAt: Date
        /// Nil while the order waits for payment or stock.
        public var decidedAt: Date?

        public var duration: TimeInterval? { decidedAt.map { $0.timeIntervalSince(placedAt) } }
    }

    /// The saga times of each of these orders that was placed, by canonical id (rejected requests were
    /// never placed and have none). Both instants come from the database's clock.
    public func sagaTimes(of orderIDs: [String]) async throws(PostgresError) -> [String: SagaTimes] {
        let rows = try await connection.query(
            """
            SELECT order_id,
                   min(recorded_at) FILTER (WHERE status = 'placed') AS placed_at,
                   min(recorded_at) FILTER (WHERE status IN ('confirmed', 'cancelled', 'shipped')) AS decided_at
            FROM order_history WHERE order_id = ANY($1::text[]) GROUP BY order_id
            """,
            [.textArray(orderIDs.map(OrderIdentifier.canonical))])
        var times: [String: SagaTimes] = [:]
        for row in rows {
            guard let placedAt = try row["placed_at"].optional({ cell throws(PostgresError) in try cell.date() }) else { continue }
            times[try row["order_id"].string()] = SagaTimes(
                placedAt: placedAt, decidedAt: try row["decided_at"].optional { cell throws(PostgresError) in try cell.date() })
        }
        return times
    }
}
