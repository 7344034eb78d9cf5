import Postgres

/// Where each shard's delivery stands: `outbox_marks` holds, per shard, the id through which its rows
/// are delivered and the id ranges below it that were not visible when the relay passed them (rows of
/// transactions still open then, which may commit later). A row is published when its shard's mark has
/// passed it outside those ranges and it is not waiting for a retry (`retry_at`), or, for rows
/// published before marks existed, when `published_at` is set. `outbox_unpublished` is that rule.
public enum OutboxMarks {
    /// The mark row every shard's own mark starts from when a relay first owns it: past the rows the
    /// per-row layout had (its unpublished ones went to the retry path).
    static let baselineShard = -1

    /// Unpublished rows, by three index-served parts: past the lowest shard mark, waiting for a retry,
    /// and inside a shard's gaps. Everything that asks "is it published?" asks this view.
    static let unpublishedViewSQL = """
        CREATE OR REPLACE VIEW outbox_unpublished AS
            SELECT o.id, o.shard, o.created_at FROM outbox o
            LEFT JOIN outbox_marks m ON m.shard = o.shard
            WHERE o.published_at IS NULL AND o.retry_at IS NULL
              AND o.id > (\(lowestThroughSQL))
              AND o.id > coalesce(m.through_id, (SELECT through_id FROM outbox_marks WHERE shard = \(baselineShard)))
            UNION
            SELECT o.id, o.shard, o.created_at FROM outbox o WHERE o.retry_at IS NOT NULL AND o.published_at IS NULL
            UNION
            SELECT o.id, o.shard, o.created_at FROM outbox_marks m
            CROSS JOIN LATERAL unnest(m.gap_starts, m.gap_ends) AS g(lower, upper)
            JOIN outbox o ON o.id BETWEEN g.lower AND g.upper AND o.shard = m.shard
            WHERE o.published_at IS NULL AND o.retry_at IS NULL;
        """

    /// The lowest mark of the shards in use: every row at or below it is published unless the view
    /// lists it.
    static let lowestThroughSQL =
        "SELECT coalesce(min(through_id) FILTER (WHERE shard >= 0), min(through_id)) AS through FROM outbox_marks"
}
