import Postgres

/// Stable shard of a message key. Rows of one key always land in one shard, and one relay at a time
/// owns a shard, which is what keeps per-key order through the relay.
public enum OutboxShard {
    public static func of(key: [UInt8], shards: Int) -> Int {
        // FNV-1a: stable across processes and releases, unlike Hasher.
        var hash: UInt32 = 2_166_136_261
        for byte in key {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Int(hash % UInt32(max(shards, 1)))
    }
}

extension OutboxShard {
    /// A set of shards as a statement's `int[]` parameter, in order.
    static func parameter(_ shards: Set<Int>) -> PostgresValue {
        .int32Array(shards.sorted().map { Int32($0) })
    }
}
