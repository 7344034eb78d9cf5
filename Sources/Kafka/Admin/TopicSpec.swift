/// A topic to create.
public struct TopicSpec: Sendable {
    public var name: String
    public var partitions: Int32
    public var replicationFactor: Int16
    /// Topic-level configs, e.g. `retention.ms`, `cleanup.policy`.
    public var configs: [String: String]

    public init(name: String, partitions: Int32, replicationFactor: Int16 = 1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

public struct TopicDescription: Sendable, Hashable {
    public var name: String
    /// Partition ids, ascending.
    public var partitions: [Int32]

    public init(name: String, partitions: [Int32]) {
        self.name = name
        self.partitions = partitions
    }
}

public struct PartitionLag: Sendable, Hashable {
    public var topicPartition: TopicPartition
    /// The group's committed offset (next offset to read), `nil` when the group never committed here.
    public var committed: Int64?
    public var low: Int64
    public var high: Int64
    /// `high - committed`, or `high - low` when nothing is committed.
    public var lag: Int64

    public init(topicPartition: TopicPartition, committed: Int64?, low: Int64, high: Int64, lag: Int64) {
        self.topicPartition = topicPartition
        self.committed = committed
        self.low = low
        self.high = high
        self.lag = lag
    }
}
