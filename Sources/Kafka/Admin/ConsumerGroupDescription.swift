/// A consumer group as its coordinator describes it (DescribeGroups).
public struct ConsumerGroupDescription: Sendable, Hashable {
    public struct Member: Sendable, Hashable {
        public var memberID: String
        public var clientID: String
        public var host: String
        /// The partitions the member was given, ascending.
        public var assignment: [TopicPartition]

        public init(memberID: String, clientID: String, host: String, assignment: [TopicPartition]) {
            self.memberID = memberID
            self.clientID = clientID
            self.host = host
            self.assignment = assignment
        }
    }

    public var groupID: String
    /// Kafka's state name: `Stable`, `Empty`, `PreparingRebalance`, `CompletingRebalance`, `Dead`, `Unknown`.
    public var state: String
    /// The assignor the members agreed on (e.g. `cooperative-sticky`), empty when there are none.
    public var assignor: String
    public var members: [Member]

    public init(groupID: String, state: String, assignor: String, members: [Member]) {
        self.groupID = groupID
        self.state = state
        self.assignor = assignor
        self.members = members
    }

    /// What a coordinator answers for a group it has never heard of.
    public var isDead: Bool { state == "Dead" }
    public var isEmpty: Bool { members.isEmpty }
}
