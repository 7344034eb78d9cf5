import Postgres
import Streaming

/// The notification service's public read API over its database.
public struct NotificationReads: Sendable {
    let connection: PostgresConnection

    public init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    /// Notifications sent per order id and kind.
    public func counts() async throws(PostgresError) -> [String: [NotificationKind: Int]] {
        var notifications: [String: [NotificationKind: Int]] = [:]
        for row in try await connection.query(
            "SELECT order_id::text AS order_id, kind, count(*) AS sent FROM notifications GROUP BY order_id, kind") {
            guard let kind = NotificationKind(rawValue: try row["kind"].string()) else { continue }
            notifications[try row["order_id"].string(), default: [:]][kind] = try row["sent"].int()
        }
        return notifications
    }

    /// What must never happen twice in the notifications database.
    public static let consistencyChecks = [
        ConsistencyCheck(name: "notifications: the same notification sent twice", sql: """
            SELECT coalesce(sum(n - 1), 0) AS surplus FROM
              (SELECT count(*) AS n FROM notifications GROUP BY order_id, kind HAVING count(*) > 1) AS d
            """),
    ]
}
