import Foundation
import OrderTraffic
import Postgres
import Streaming

/// A pre-filled outbox for the relay scenario and its pgbench baseline: `keys` orders with `rows / keys`
/// events each, inserted in sequence order so each key's rows have increasing ids. Event ids encode the
/// key index and the sequence number, so the consumer that checks per-key order needs no JSON.
enum RelayWorkload {
    static func keys(_ count: Int) -> [String] {
        var generator = SplitMix64(seed: 42)
        return (0..<count).map { _ in
            let a = generator.next(), b = generator.next()
            return String(format: "%08x-%04x-4%03x-8%03x-%012llx",
                          UInt32(truncatingIfNeeded: a), UInt16(truncatingIfNeeded: a >> 32), UInt16(truncatingIfNeeded: a >> 48) & 0xfff,
                          UInt16(truncatingIfNeeded: b) & 0xfff, b >> 16)
        }
    }

    /// Inserts `rows` outbox rows for `topic` (at least one per key) and returns how many it inserted.
    @discardableResult
    static func fill(_ connection: PostgresConnection, topic: String, rows: Int, keys keyCount: Int, value: [UInt8]) async throws -> Int {
        let keys = keys(max(1, min(keyCount, rows)))
        let perKey = max(1, rows / keys.count)
        let shards = keys.map { OutboxShard.of(key: Array($0.utf8), shards: RelaySettings.Variables.shards.defaultValue) }
        try await connection.execute("""
            INSERT INTO outbox (shard, topic, message_key, value, event_id, event_type, schema_version, correlation_id)
            SELECT k.shard, $1, convert_to(k.key, 'UTF8'), $2,
                   (lpad(to_hex(k.idx), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(s.seq), 12, '0'))::uuid,
                   'payment.authorized', 1, k.key
            FROM unnest($3::text[], $4::int[]) WITH ORDINALITY AS k(key, shard, idx)
            CROSS JOIN generate_series(1, $5) AS s(seq)
            ORDER BY s.seq, k.idx
            """,
            [.text(topic), .bytea(value), .textArray(keys), .int32Array(shards.map { Int32($0) }),
             .int(perKey)])
        try await connection.executeScript("ANALYZE outbox")
        return perKey * keys.count
    }

    /// The event id `fill` gives the `sequence`th row of the `key`th key (both from 1).
    static func eventID(key: Int, sequence: Int) -> String {
        String(format: "%08x-0000-4000-8000-%012llx", key, sequence)
    }

    /// Key index and sequence number from an event id made by `fill`.
    static func decode(eventID: String) -> (key: Int, sequence: Int)? {
        let parts = eventID.split(separator: "-")
        guard parts.count == 5, let key = Int(parts[0], radix: 16), let sequence = Int(parts[4], radix: 16) else { return nil }
        return (key, sequence)
    }

    /// The statements of one batch over all shards of the relay that marked each delivered row (before
    /// delivery marks), for pgbench: the baseline the relay is measured against. That relay sent the ids
    /// it read back with its UPDATE; pgbench cannot carry rows between statements, so its UPDATE finds
    /// the same ids again on the server (slightly more work than the relay's was, never less). The
    /// outbox keeps the partial index of unpublished ids these statements ran on.
    static func pgbenchBatch(batchSize: Int) -> String {
        let shards = "'{" + (0..<RelaySettings.Variables.shards.defaultValue).map(String.init).joined(separator: ",") + "}'::int[]"
        let pending = "FROM outbox WHERE published_at IS NULL AND shard = ANY(\(shards)) ORDER BY id LIMIT \(batchSize)"
        return """
            SELECT id, topic, message_key, value, event_id, event_type, schema_version, correlation_id, created_at \(pending);
            UPDATE outbox SET published_at = now() WHERE id = ANY(ARRAY(SELECT id \(pending))) AND published_at IS NULL;

            """
    }
}
