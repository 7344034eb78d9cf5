import Events
import Postgres

/// Writes outgoing events into the outbox inside the caller's transaction. Encoding and inserting are
/// separate steps so the consume loop can encode each message's events as it handles them (an event
/// that cannot be encoded is that message's fault) and insert a whole batch's rows in one statement.
public struct OutboxWriter: Sendable {
    public var registry: EventRegistry
    public var shards: Int

    public init(registry: EventRegistry = .standard, shards: Int = RelaySettings.Variables.shards.defaultValue) {
        self.registry = registry
        self.shards = shards
    }

    public func write(_ events: [OutgoingEvent], in transaction: PostgresTransaction) async throws {
        try await insert(try encode(events), in: transaction)
    }

    public func encode(_ events: [OutgoingEvent]) throws -> [OutboxEntry] {
        try events.map { event in
            let key = Array(event.metadata.subject.utf8)
            return OutboxEntry(
                shard: OutboxShard.of(key: key, shards: shards), topic: event.topic, key: key,
                value: try registry.encode(event.metadata, payload: event.payload), metadata: event.metadata)
        }
    }

    /// One INSERT per chunk of rows, in their order (the relay publishes by id, so the ids must follow
    /// the order the events were emitted in). The statements are enqueued, not awaited: a failure is
    /// thrown by the transaction's next waiting statement, the end of its savepoint, or its commit.
    public func insert(_ entries: [OutboxEntry], in transaction: PostgresTransaction) async throws {
        var start = entries.startIndex
        while start < entries.endIndex {
            var end = start
            var bytes = 0
            while end < entries.endIndex, end == start || bytes + entries[end].value.count <= Self.chunkBytes {
                bytes += entries[end].value.count
                end += 1
            }
            try await insertChunk(entries[start..<end], in: transaction)
            start = end
        }
    }

    /// Bounds one statement's parameters (values travel hex-encoded, twice their size).
    static let chunkBytes = 4 << 20

    private func insertChunk(_ entries: ArraySlice<OutboxEntry>, in transaction: PostgresTransaction) async throws {
        try await transaction.enqueue(Self.insertSQL, [
            .int32Array(entries.map { Int32($0.shard) }),
            .textArray(entries.map(\.topic)),
            .byteaArray(entries.map(\.key)),
            .byteaArray(entries.map(\.value)),
            .uuidArray(entries.map(\.metadata.id)),
            .textArray(entries.map(\.metadata.type)),
            .int32Array(entries.map { Int32($0.metadata.schemaVersion) }),
            .textArray(entries.map(\.metadata.correlationID)),
            .textArray(entries.map { $0.metadata.traceparent ?? "" }),
        ])
    }

    /// Array parameters keep the statement text fixed for any row count: one prepared statement.
    static let insertSQL = """
        INSERT INTO outbox (shard, topic, message_key, value, event_id, event_type, schema_version, correlation_id, traceparent)
        SELECT shard, topic, message_key, value, event_id, event_type, schema_version, correlation_id, NULLIF(traceparent, '')
        FROM unnest($1::int[], $2::text[], $3::bytea[], $4::bytea[], $5::uuid[], $6::text[], $7::int[], $8::text[], $9::text[])
             WITH ORDINALITY AS e(shard, topic, message_key, value, event_id, event_type, schema_version, correlation_id, traceparent, n)
        ORDER BY n
        """
}

/// An outgoing event encoded for the outbox.
public struct OutboxEntry: Sendable {
    public var shard: Int
    public var topic: String
    public var key: [UInt8]
    public var value: [UInt8]
    public var metadata: EventMetadata
}
