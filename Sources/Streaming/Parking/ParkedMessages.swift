import Postgres

/// What an operator sees of and does with a service's parked messages (`orderflow parked`). The table is
/// the runtime's, so its SQL stays here.
public struct ParkedMessages: Sendable {
    /// The parked messages of one key in one group.
    public struct KeySummary: Sendable, Hashable {
        public var consumerGroup: String
        public var key: String
        public var messages: Int
        public var held: Bool
        public var attempts: Int
        public var errorClass: String?
        public var lastError: String?
        public var oldestAgeSeconds: Double
    }

    let connection: PostgresConnection

    public init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    /// Every parked message (of one group, or of all), oldest first per key.
    public func list(consumerGroup: String? = nil) async throws -> [ParkedMessage] {
        try await connection.query(
            """
            SELECT \(ParkedMessageStore.columns) FROM parked_messages
            WHERE $1::text IS NULL OR consumer_group = $1 ORDER BY consumer_group, message_key, id
            """,
            [consumerGroup.map(PostgresValue.text) ?? .null]
        ).map(ParkedMessageStore.parkedMessage)
    }

    /// One line per parked key: how many messages wait, and what its head last failed with.
    public func keys(consumerGroup: String? = nil) async throws -> [KeySummary] {
        try await connection.query(
            """
            SELECT DISTINCT ON (consumer_group, message_key)
                   consumer_group, convert_from(message_key, 'UTF8') AS key,
                   count(*) OVER (PARTITION BY consumer_group, message_key) AS messages,
                   held, attempts, error_class, last_error,
                   extract(epoch FROM now() - min(parked_at) OVER (PARTITION BY consumer_group, message_key)) AS oldest
            FROM parked_messages
            WHERE $1::text IS NULL OR consumer_group = $1
            ORDER BY consumer_group, message_key, id
            """,
            [consumerGroup.map(PostgresValue.text) ?? .null]
        ).map { row throws(PostgresError) in
            KeySummary(
                consumerGroup: try row["consumer_group"].string(), key: try row["key"].string(),
                messages: try row["messages"].int(), held: try row["held"].bool(), attempts: try row["attempts"].int(),
                errorClass: try row["error_class"].optional { cell throws(PostgresError) in try cell.string() },
                lastError: try row["last_error"].optional { cell throws(PostgresError) in try cell.string() },
                oldestAgeSeconds: try row["oldest"].double())
        }
    }

    /// Makes a key's messages due now with a fresh attempt budget (a held key included); returns how
    /// many messages that touched.
    @discardableResult
    public func retry(key: String, consumerGroup: String? = nil) async throws -> Int {
        try await connection.execute(
            """
            UPDATE parked_messages SET held = false, attempts = 0, next_attempt_at = now()
            WHERE message_key = convert_to($1, 'UTF8') AND ($2::text IS NULL OR consumer_group = $2)
            """,
            [.text(key), consumerGroup.map(PostgresValue.text) ?? .null])
    }

    /// Removes a key's parked messages without handling them: they are lost to this service (their
    /// records stay on their topics until retention). Returns how many went.
    @discardableResult
    public func drop(key: String, consumerGroup: String? = nil) async throws -> Int {
        try await connection.execute(
            "DELETE FROM parked_messages WHERE message_key = convert_to($1, 'UTF8') AND ($2::text IS NULL OR consumer_group = $2)",
            [.text(key), consumerGroup.map(PostgresValue.text) ?? .null])
    }
}
