import Events
import Postgres

/// Writes outgoing events into the outbox inside the caller's transaction, one multi-row INSERT per
/// call so a handler emitting several events costs one round trip.
public struct OutboxWriter: Sendable {
    public var registry: EventRegistry
    public var shards: Int

    public init(registry: EventRegistry = .standard, shards: Int = OutboxShards.default) {
        self.registry = registry
        self.shards = shards
    }

    public func write(_ events: [OutgoingEvent], in transaction: PostgresTransaction) async throws {
        guard !events.isEmpty else { return }
        var placeholders: [String] = []
        var parameters: [PostgresValue] = []
        placeholders.reserveCapacity(events.count)
        parameters.reserveCapacity(events.count * 8)
        for event in events {
            let key = Array(event.metadata.subject.utf8)
            let value = try registry.encode(event.metadata, payload: event.payload)
            let base = parameters.count
            placeholders.append("($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4), $\(base + 5), $\(base + 6), $\(base + 7), $\(base + 8))")
            parameters.append(contentsOf: [
                .int32(Int32(OutboxShard.of(key: key, shards: shards))),
                .text(event.topic),
                .bytea(key),
                .bytea(value),
                .uuid(event.metadata.id),
                .text(event.metadata.type),
                .int32(Int32(event.metadata.schemaVersion)),
                .text(event.metadata.correlationID),
            ])
        }
        try await transaction.execute(
            "INSERT INTO outbox (shard, topic, message_key, value, event_id, event_type, schema_version, correlation_id) VALUES "
                + placeholders.joined(separator: ", "),
            parameters)
    }
}

public enum OutboxShards {
    /// Enough shards for a handful of relay replicas to split the work; writers and relays must agree.
    public static let `default` = 16
}
