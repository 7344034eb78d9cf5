public enum RebalanceEvent: Sendable, Hashable {
    /// Partitions newly given to this member.
    case assigned([TopicPartition])
    /// Partitions taken away in an orderly rebalance; their stored offsets were committed first.
    case revoked([TopicPartition])
    /// Partitions lost without an orderly handover (session timeout, fencing); nothing was committed,
    /// another member may already own them.
    case lost([TopicPartition])
}
