import Postgres

/// Reads the stored marks of shards a relay has just locked.
enum ShardMarkStore {
    /// The marks of `shards`. Every shard of `0..<shardCount` without a mark gets one first, from the
    /// baseline: so `outbox_unpublished` finds a mark for each shard in use.
    static func load(_ shards: Set<Int>, shardCount: Int, on connection: PostgresConnection) async throws -> [ShardMark] {
        _ = try await connection.execute("""
            INSERT INTO outbox_marks (shard, through_id)
            SELECT s, b.through_id FROM generate_series(0, $1 - 1) AS s
            CROSS JOIN outbox_marks b WHERE b.shard = \(OutboxMarks.baselineShard)
            ON CONFLICT DO NOTHING
            """, [.int(shardCount)])
        let rows = try await connection.query("""
            SELECT m.shard, m.through_id, m.gaps_horizon, g.lower, g.upper FROM outbox_marks m
            LEFT JOIN LATERAL unnest(m.gap_starts, m.gap_ends) AS g(lower, upper) ON true
            WHERE m.shard = ANY($1::int[])
            ORDER BY m.shard, g.lower
            """, [OutboxShard.parameter(shards)])
        var marks: [Int: ShardMark] = [:]
        for row in rows {
            let shard = try row["shard"].int()
            var mark = try marks[shard] ?? ShardMark(shard: shard, through: row["through_id"].int64(), gaps: IDGaps())
            if !row["lower"].isNull {
                mark.gaps.insert(IDGap(
                    lower: try row["lower"].int64(), upper: try row["upper"].int64(), horizon: try row["gaps_horizon"].int64()))
            }
            marks[shard] = mark
        }
        return marks.values.sorted { $0.shard < $1.shard }
    }
}
