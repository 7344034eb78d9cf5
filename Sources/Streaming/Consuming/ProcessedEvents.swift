import Events
import Foundation
import Postgres

/// The dedupe record of a consumer group. An event is claimed in the same transaction that applies its
/// effects, so a redelivered event finds its claim and is skipped, and a rolled-back handling leaves
/// no claim behind.
struct ProcessedEvents: Sendable {
    let consumerGroup: String

    /// Claims one event; false when the group has handled it before.
    func claim(_ event: EventMetadata, in transaction: PostgresTransaction) async throws -> Bool {
        try await claim([event], in: transaction).contains(event.id)
    }

    /// Claims a batch's events in one statement; returns the ids newly claimed. An id listed twice is
    /// claimed once.
    func claim(_ events: [EventMetadata], in transaction: PostgresTransaction) async throws -> Set<UUID> {
        guard !events.isEmpty else { return [] }
        let rows = try await transaction.query(
            """
            INSERT INTO processed_events (consumer_group, event_id, event_type)
            SELECT $1, event_id, event_type FROM unnest($2::uuid[], $3::text[]) AS e(event_id, event_type)
            ON CONFLICT DO NOTHING RETURNING event_id
            """,
            [.text(consumerGroup), .uuidArray(events.map(\.id)), .textArray(events.map(\.type))])
        var claimed = Set<UUID>()
        for row in rows { claimed.insert(try row["event_id"].uuid()) }
        return claimed
    }

    /// Which of these ids the group has handled already; read outside any transaction (a redelivered
    /// event need not call another system again before the claim skips it).
    func handled(_ ids: [UUID], on connection: PostgresConnection) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let rows = try await connection.query(
            "SELECT event_id FROM processed_events WHERE consumer_group = $1 AND event_id = ANY($2::uuid[])",
            [.text(consumerGroup), .uuidArray(ids)])
        var handled = Set<UUID>()
        for row in rows { handled.insert(try row["event_id"].uuid()) }
        return handled
    }
}
