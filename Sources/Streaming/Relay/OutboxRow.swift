import Events
import Foundation
import Kafka
import Postgres

/// An unpublished outbox row, as the relay reads it.
struct OutboxRow: Sendable {
    var id: Int64
    var record: KafkaRecord
    var createdAt: Date

    static let selectColumns =
        "id, topic, message_key, value, event_id, event_type, schema_version, correlation_id, created_at"

    init(_ row: PostgresRow) throws(PostgresError) {
        id = try row["id"].int64()
        let eventID = try row["event_id"].uuid()
        let metadata = [
            (EventHeaders.type, try row["event_type"].string()),
            (EventHeaders.schemaVersion, String(try row["schema_version"].int())),
            (EventHeaders.correlationID, try row["correlation_id"].string()),
            (EventHeaders.id, eventID.uuidString.lowercased()),
        ]
        let key: [UInt8]? = row["message_key"].isNull ? nil : try row["message_key"].bytes()
        record = KafkaRecord(
            topic: try row["topic"].string(), key: key, value: try row["value"].bytes(),
            headers: metadata.map { KafkaHeader(key: $0.0, value: Array($0.1.utf8)) })
        createdAt = try row["created_at"].date()
    }
}

extension OutboxRow {
    /// Lower than any id, for reading from the lowest unpublished row.
    static let beforeFirstID = Int64.min

    /// The next unpublished rows of `shards` after `cursor`, in id order (served by the partial index
    /// on unpublished ids).
    static func unpublished(
        after cursor: Int64, shards: Set<Int>, limit: Int, on connection: PostgresConnection
    ) async throws -> [OutboxRow] {
        try await connection.query(
            "SELECT \(selectColumns) FROM outbox WHERE published_at IS NULL AND shard = ANY($1::text::int[]) AND id > $2 ORDER BY id LIMIT $3",
            [.text(PostgresArrayLiteral.of(shards.sorted())), .int64(cursor), .int(limit)]
        ).map(OutboxRow.init)
    }
}
