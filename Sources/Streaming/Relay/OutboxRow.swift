import Events
import Kafka
import Postgres

/// An outbox row of a shard the relay owns, as it reads it.
struct OutboxRow: Sendable {
    var id: Int64
    var record: KafkaRecord
    /// Counted by type once published.
    var eventType: String
    var eventID: String
    var correlationID: String
    /// The trace context of the span that wrote the row, sent as the record's `traceparent` header.
    var traceparent: String?

    /// The selected columns, in order. Cells are read by position: the relay decodes every row it
    /// publishes, and looking each cell up by name cost as much as the rest of the decoding.
    private enum Column: Int, CaseIterable {
        case id, topic, messageKey, value, eventID, eventType, schemaVersion, correlationID, traceparent

        var name: String {
            switch self {
            case .id: "id"
            case .topic: "topic"
            case .messageKey: "message_key"
            case .value: "value"
            // As text: the header carries it so, and binary results read no uuid.
            case .eventID: "event_id::text AS event_id"
            case .eventType: "event_type"
            case .schemaVersion: "schema_version"
            case .correlationID: "correlation_id"
            case .traceparent: "traceparent"
            }
        }
    }

    static let selectColumns = Column.allCases.map(\.name).joined(separator: ", ")
}

extension OutboxRow {
    /// `topicPrefix` goes before the row's topic.
    init(_ row: PostgresRow, topicPrefix: String) throws(PostgresError) {
        func cell(_ column: Column) -> PostgresCell { row[column.rawValue] }
        id = try cell(.id).int64()
        eventType = try cell(.eventType).string()
        // The server's uuid and int texts are already the canonical header forms (lowercase uuid,
        // plain decimal), so they are passed on as they are rather than parsed and printed again.
        eventID = try cell(.eventID).string()
        correlationID = try cell(.correlationID).string()
        traceparent = cell(.traceparent).isNull ? nil : try cell(.traceparent).string()
        let headers = EventHeaders.headers(
            id: eventID, type: eventType, schemaVersion: try cell(.schemaVersion).string(), correlationID: correlationID,
            traceparent: traceparent)
        let key: [UInt8]? = cell(.messageKey).isNull ? nil : try cell(.messageKey).bytes()
        record = KafkaRecord(
            topic: topicPrefix + (try cell(.topic).string()), key: key, value: try cell(.value).bytes(),
            headers: headers.map { KafkaHeader(key: $0.key, value: Array($0.value.utf8)) })
    }
}

extension OutboxRow {
    /// Lower than any id, for reading from the lowest row awaiting a retry.
    static let beforeFirstID = Int64.min

    /// The next rows of `shards` set aside for a retry, after `cursor` in id order (served by their own
    /// partial index).
    static func awaitingRetry(
        after cursor: Int64, shards: Set<Int>, limit: Int, topicPrefix: String, on connection: PostgresConnection
    ) async throws -> [OutboxRow] {
        try await connection.query(
            awaitingRetrySQL, [OutboxShard.parameter(shards), .int64(cursor), .int(limit)], results: .binary
        ).map { row throws(PostgresError) in try OutboxRow(row, topicPrefix: topicPrefix) }
    }

    static let awaitingRetrySQL = """
        SELECT \(selectColumns) FROM outbox
        WHERE retry_at IS NOT NULL AND published_at IS NULL AND shard = ANY($1::int[]) AND id > $2 ORDER BY id LIMIT $3
        """
}
