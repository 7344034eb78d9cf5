/// How far a relay has read the outbox: a cursor over every shard's ids, the gaps it passed, and per
/// owned shard the id through which that shard's rows are delivered.
///
/// The cursor starts at the lowest mark of the owned shards, so a shard taken over behind the others
/// is read from where its last owner stopped; rows of the others at or below their own marks are read
/// again but not sent.
struct RelayPosition: Sendable, Equatable {
    private(set) var cursor: Int64 = 0
    private(set) var gaps = IDGaps()
    private var through: [Int: Int64] = [:]

    /// What the marks of the owned shards get once everything read so far is delivered.
    struct Mark: Sendable, Equatable {
        var through: Int64
        var gaps: IDGaps
    }

    var mark: Mark { Mark(through: cursor, gaps: gaps) }

    /// Takes on a shard's stored mark.
    mutating func adopt(_ mark: ShardMark) {
        cursor = through.isEmpty ? mark.through : min(cursor, mark.through)
        through[mark.shard] = mark.through
        for gap in mark.gaps.ranges { gaps.insert(gap) }
    }

    /// Gives up a shard (its mark was written before its lock was released).
    mutating func release(_ shard: Int) {
        through.removeValue(forKey: shard)
    }

    /// Moves past `read` and returns the rows to send, in id order: rows that filled a gap, and new rows
    /// of owned shards past their shard's mark. Rows awaiting a retry are left to the retry path.
    mutating func advance(past read: OutboxRead) -> [OutboxRow] {
        var send: [OutboxRow] = []
        send.reserveCapacity(read.filled.count + read.next.count)
        // A read issued before the previous one was taken in looked up gaps that one may have filled.
        for seen in read.filled where gaps.contains(seen.id) {
            gaps.remove(seen.id)
            if let row = seen.row, !seen.awaitsRetry { send.append(row) }
        }
        var previous = cursor
        for seen in read.next {
            if seen.id > previous + 1 {
                gaps.insert(IDGap(lower: previous + 1, upper: seen.id - 1, horizon: read.horizon))
            }
            previous = seen.id
            let filledGap = gaps.contains(seen.id)
            if filledGap { gaps.remove(seen.id) }
            guard let row = seen.row, !seen.awaitsRetry else { continue }
            if filledGap || seen.id > through[seen.shard, default: .max] { send.append(row) }
        }
        cursor = previous
        gaps.settle(xmin: read.xmin, checked: read.checked)
        for (shard, mark) in through where mark < cursor { through[shard] = cursor }
        return send
    }
}

/// A shard's stored mark.
struct ShardMark: Sendable, Equatable {
    var shard: Int
    var through: Int64
    var gaps: IDGaps
}
