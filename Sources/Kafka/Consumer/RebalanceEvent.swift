public enum RebalanceEvent: Sendable, Hashable {
    /// Partitions newly given to this member. With cooperative rebalancing a round can give nothing new, so
    /// the list may be empty; the first event after `subscribe` still says the member has joined the group.
    case assigned([TopicPartition])
    /// Partitions taken away in an orderly rebalance; their stored offsets were committed first.
    case revoked([TopicPartition])
    /// Partitions lost without an orderly handover (session timeout, fencing); nothing was committed,
    /// another member may already own them.
    case lost([TopicPartition])
}
