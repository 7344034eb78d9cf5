import Postgres

/// One read of the outbox by the relay: in one statement, so under one snapshot, the rows of every
/// shard past the cursor in id order, the rows that have appeared in the relay's gaps, and the
/// snapshot's bounds that tell which gaps can no longer fill.
struct OutboxRead: Sendable {
    /// A row as the relay saw it. Rows of shards this relay does not own are read too, their ids only
    /// counted: a gap is an id no shard's row filled.
    struct Seen: Sendable {
        var id: Int64
        var shard: Int
        /// Passed by a mark without being delivered; the retry path sends it.
        var awaitsRetry: Bool
        /// Decoded when this relay owns the row's shard.
        var row: OutboxRow?
    }

    /// The snapshot's oldest running xid, and an xid the read drew after taking it: above the xid of
    /// every transaction that had one then.
    var xmin: Int64
    var horizon: Int64
    /// The id ranges this snapshot looked through: the gaps as they were when the read was issued, and
    /// the ids from the cursor through the last row read. Only gaps inside them can be settled by it: a
    /// read issued before the previous one was taken in did not look for that one's gaps.
    var checked: [ClosedRange<Int64>] = []
    /// Rows found in gaps, in id order.
    var filled: [Seen]
    /// Rows past the cursor, in id order; as many as asked for unless the outbox has no more.
    var next: [Seen]

    /// Columns after `OutboxRow`'s own, by position.
    private enum Column: Int {
        case shard = 9, awaitsRetry, xmin, horizon
    }

    static func read(
        after cursor: Int64, gaps: IDGaps, limit: Int, shards: Set<Int>, topicPrefix: String,
        on connection: PostgresConnection
    ) async throws -> OutboxRead {
        let bounds = gaps.bounds(through: cursor)
        let rows = try await connection.query(
            sql, [.int64Array(bounds.lower), .int64Array(bounds.upper), .int64(cursor), .int(limit)], results: .binary)
        var read = OutboxRead(xmin: 0, horizon: 0, filled: [], next: [])
        read.next.reserveCapacity(rows.count)
        for row in rows {
            if row[0].isNull {
                read.xmin = try row[Column.xmin.rawValue].int64()
                read.horizon = try row[Column.horizon.rawValue].int64()
                continue
            }
            let id = try row[0].int64()
            let shard = try row[Column.shard.rawValue].int()
            let seen = Seen(
                id: id, shard: shard, awaitsRetry: try row[Column.awaitsRetry.rawValue].bool(),
                row: shards.contains(shard) ? try OutboxRow(row, topicPrefix: topicPrefix) : nil)
            if id <= cursor { read.filled.append(seen) } else { read.next.append(seen) }
        }
        read.checked = checked(gaps: bounds, after: cursor, through: read.next.last?.id)
        return read
    }

    static func checked(
        gaps bounds: (lower: [Int64], upper: [Int64]), after cursor: Int64, through last: Int64?
    ) -> [ClosedRange<Int64>] {
        var checked = zip(bounds.lower, bounds.upper).map { $0...$1 }
        if let last { checked.append((cursor + 1)...last) }
        return checked
    }

    private static let seenColumns = "\(OutboxRow.selectColumns), shard, retry_at IS NOT NULL AS awaits_retry"

    /// Gaps are looked up range by range through the index of unpublished ids. Results come in binary:
    /// the values as they are stored, not printed as hex.
    static let sql = """
        SELECT NULL::bigint AS id, NULL::text AS topic, NULL::bytea AS message_key, NULL::bytea AS value,
               NULL::text AS event_id, NULL::text AS event_type, NULL::int AS schema_version, NULL::text AS correlation_id,
               NULL::text AS traceparent, NULL::int AS shard, NULL::bool AS awaits_retry,
               pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin,
               pg_current_xact_id()::text::bigint AS horizon
        UNION ALL
        (SELECT o.*, NULL, NULL FROM unnest($1::bigint[], $2::bigint[]) AS g(lower, upper)
         CROSS JOIN LATERAL (SELECT \(seenColumns) FROM outbox
                             WHERE published_at IS NULL AND id BETWEEN g.lower AND g.upper) AS o
         ORDER BY o.id)
        UNION ALL
        (SELECT \(seenColumns), NULL, NULL FROM outbox WHERE published_at IS NULL AND id > $3 ORDER BY id LIMIT $4)
        """
}
