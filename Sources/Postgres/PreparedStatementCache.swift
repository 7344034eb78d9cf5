/// Server-side prepared statements of one session, keyed by SQL text and parameter types (a statement is
/// prepared with fixed parameter types, so the same SQL with other types needs its own). Bounded: when full,
/// the least recently used statement is evicted and its name handed back so the caller can DEALLOCATE it.
struct PreparedStatementCache {
    struct Key: Hashable {
        var sql: String
        var parameterTypes: [UInt32]
    }

    private struct Entry {
        var name: String
        var lastUse: UInt64
    }

    let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private var nextNumber = 0

    init(capacity: Int = 512) {
        self.capacity = max(1, capacity)
    }

    var count: Int { entries.count }

    mutating func name(for key: Key) -> String? {
        guard entries[key] != nil else { return nil }
        clock += 1
        entries[key]?.lastUse = clock
        return entries[key]?.name
    }

    /// A name no statement of this session has used yet.
    mutating func makeName() -> String {
        nextNumber += 1
        return "orderflow_\(nextNumber)"
    }

    /// Records a prepared statement; returns the name of the statement evicted to make room, if any.
    mutating func insert(_ key: Key, name: String) -> String? {
        var evicted: String?
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
            evicted = oldest.value.name
        }
        clock += 1
        entries[key] = Entry(name: name, lastUse: clock)
        return evicted
    }

    mutating func remove(_ key: Key) -> String? {
        entries.removeValue(forKey: key)?.name
    }

    mutating func removeAll() {
        entries.removeAll()
    }
}
