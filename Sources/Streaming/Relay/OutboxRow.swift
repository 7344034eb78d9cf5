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
