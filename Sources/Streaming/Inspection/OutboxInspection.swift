import Postgres

/// Read-only questions about a service database's outbox, for tools that check or wait on a running
/// pipeline. The outbox is the runtime's table, so its SQL stays here.
public struct OutboxInspection: Sendable {
    /// One outbox row: an event a service emitted (rows are kept a while after publishing).
    public struct Emitted: Sendable, Hashable {
        public var key: String
        public var type: String
        public var correlationID: String
        public var published: Bool

        public init(key: String, type: String, correlationID: String, published: Bool) {
            self.key = key
            self.type = type
            self.correlationID = correlationID
            self.published = published
        }
    }

    let connection: PostgresConnection

    public init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    public func emitted() async throws(PostgresError) -> [Emitted] {
        try await connection.query("""
            SELECT convert_from(o.message_key, 'UTF8') AS key, o.event_type, o.correlation_id, u.id IS NULL AS published
            FROM outbox o LEFT JOIN outbox_unpublished u ON u.id = o.id
            """).map { row throws(PostgresError) in
            Emitted(
                key: try row["key"].string(), type: try row["event_type"].string(),
                correlationID: try row["correlation_id"].string(), published: try row["published"].bool())
        }
    }

    /// Rows not published yet, optionally only those up to `throughID`.
    public func unpublishedCount(throughID: Int64? = nil) async throws(PostgresError) -> Int {
        guard let throughID else {
            return try await connection.query("SELECT count(*) AS n FROM outbox_unpublished").first?["n"].int() ?? 0
        }
        return try await connection.query(
            "SELECT count(*) AS n FROM outbox_unpublished WHERE id <= $1", [.int64(throughID)]
        ).first?["n"].int() ?? 0
    }

    /// The id of the newest row, 0 when the outbox is empty.
    public func newestID() async throws(PostgresError) -> Int64 {
        try await connection.query("SELECT coalesce(max(id), 0) AS id FROM outbox").first?["id"].int64() ?? 0
    }

    /// The same event type emitted twice for one key: every service emits each type at most once per order.
    public static let repeatedEmissions = ConsistencyCheck(name: "the same event emitted twice for one order", sql: """
        SELECT coalesce(sum(n - 1), 0) AS surplus FROM
          (SELECT count(*) AS n FROM outbox GROUP BY message_key, event_type HAVING count(*) > 1) AS d
        """)
}
