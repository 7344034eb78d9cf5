/// An id range the relay passed without seeing a row, with the horizon of the read that did.
///
/// Such ids belong to a transaction still open at that read's snapshot, whose row may yet commit, or to
/// none that will ever commit (rolled back, or drawn from the sequence without a row): there is no
/// telling which. The outbox's id default draws the transaction's xid before the id, and the read draws
/// an xid of its own after its snapshot (`horizon`), so the transaction behind any id in the range has a
/// lower xid; once a snapshot's xmin reaches `horizon` every such transaction has ended, and what is
/// not visible then never will be. (The snapshot's own xmax is no such bound: it is one past the last
/// transaction to end, and a transaction that drew its xid later may still be running.)
struct IDGap: Sendable, Equatable {
    var lower: Int64
    var upper: Int64
    var horizon: Int64
}

/// The relay's gaps: sorted, non-overlapping ranges.
struct IDGaps: Sendable, Equatable {
    private(set) var ranges: [IDGap] = []

    init(_ ranges: [IDGap] = []) {
        for range in ranges { insert(range) }
    }

    var isEmpty: Bool { ranges.isEmpty }
    /// The highest horizon: what a mark stores for all its ranges.
    var horizon: Int64 { ranges.map(\.horizon).max() ?? 0 }

    func contains(_ id: Int64) -> Bool { index(of: id) != nil }

    /// Adds `gap`; ranges it overlaps are merged into one with the higher horizon.
    mutating func insert(_ gap: IDGap) {
        guard gap.lower <= gap.upper else { return }
        if let last = ranges.last, last.upper < gap.lower {
            ranges.append(gap)
            return
        }
        var merged = gap
        var kept: [IDGap] = []
        kept.reserveCapacity(ranges.count + 1)
        for range in ranges {
            if range.upper < merged.lower || range.lower > merged.upper {
                kept.append(range)
            } else {
                merged = IDGap(
                    lower: min(range.lower, merged.lower), upper: max(range.upper, merged.upper),
                    horizon: max(range.horizon, merged.horizon))
            }
        }
        let position = kept.firstIndex { $0.lower > merged.lower } ?? kept.endIndex
        kept.insert(merged, at: position)
        ranges = kept
    }

    /// Takes `id` out: its row was read.
    mutating func remove(_ id: Int64) {
        guard let index = index(of: id) else { return }
        let range = ranges[index]
        var pieces: [IDGap] = []
        if range.lower < id { pieces.append(IDGap(lower: range.lower, upper: id - 1, horizon: range.horizon)) }
        if id < range.upper { pieces.append(IDGap(lower: id + 1, upper: range.upper, horizon: range.horizon)) }
        ranges.replaceSubrange(index...index, with: pieces)
    }

    /// Drops the ranges no transaction can still fill, horizon at or below `xmin` (a snapshot's oldest
    /// running xid), among those the same snapshot looked through (`checked`). Any other range waits
    /// for a read that looks through it: one above the cursor (a mark taken over from a shard ahead),
    /// or one found after the read was issued.
    mutating func settle(xmin: Int64, checked: [ClosedRange<Int64>]) {
        ranges.removeAll { range in
            range.horizon <= xmin && checked.contains { $0.lowerBound <= range.lower && range.upper <= $0.upperBound }
        }
    }

    /// The ranges' bounds up to `through`, as the two arrays the relay's read takes.
    func bounds(through: Int64) -> (lower: [Int64], upper: [Int64]) {
        var lower: [Int64] = [], upper: [Int64] = []
        for range in ranges where range.lower <= through {
            lower.append(range.lower)
            upper.append(min(range.upper, through))
        }
        return (lower, upper)
    }

    private func index(of id: Int64) -> Int? {
        var low = 0, high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if ranges[middle].upper < id {
                low = middle + 1
            } else if ranges[middle].lower > id {
                high = middle - 1
            } else {
                return middle
            }
        }
        return nil
    }
}
