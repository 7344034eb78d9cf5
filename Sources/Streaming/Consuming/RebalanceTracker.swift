import Kafka
import Synchronization

/// Rebalance callbacks run on the consumer's poll thread; the loop picks their news up between batches.
public final class RebalanceTracker: Sendable {
    public init() {}

    private let pending = Mutex<[TopicPartition]>([])
    private let assigned = Mutex<Set<TopicPartition>>([])
    private let joined = Mutex(false)

    public func handle(_ event: RebalanceEvent) {
        switch event {
        case .assigned(let partitions):
            assigned.withLock { $0.formUnion(partitions) }
            joined.withLock { $0 = true }
        case .revoked(let partitions), .lost(let partitions):
            assigned.withLock { $0.subtract(partitions) }
            pending.withLock { $0.append(contentsOf: partitions) }
        }
    }

    func drainRevoked() -> [TopicPartition] { pending.withLock { let taken = $0; $0 = []; return taken } }

    /// True once the group has given this member an assignment (possibly empty: more members than partitions).
    public var hasJoined: Bool { joined.withLock { $0 } }

    public var assignment: Set<TopicPartition> { assigned.withLock { $0 } }
}
