/// Where a topic's partitions live: leader, replicas and in-sync replicas by broker id, as the
/// cluster's metadata lists them.
public struct TopicLayout: Sendable, Hashable {
    public struct Partition: Sendable, Hashable {
        public var id: Int32
        /// -1 when the partition has no leader.
        public var leader: Int32
        public var replicas: [Int32]
        public var inSyncReplicas: [Int32]

        public init(id: Int32, leader: Int32, replicas: [Int32], inSyncReplicas: [Int32]) {
            self.id = id
            self.leader = leader
            self.replicas = replicas
            self.inSyncReplicas = inSyncReplicas
        }
    }

    public var name: String
    /// Ascending by id.
    public var partitions: [Partition]

    public init(name: String, partitions: [Partition]) {
        self.name = name
        self.partitions = partitions
    }
}

/// One topic configuration entry as DescribeConfigs reports it.
public struct TopicConfigEntry: Sendable, Hashable {
    public var name: String
    /// nil for a sensitive or unset value.
    public var value: String?
    /// Whether the value is the broker's default rather than set on the topic.
    public var isDefault: Bool

    public init(name: String, value: String?, isDefault: Bool) {
        self.name = name
        self.value = value
        self.isDefault = isDefault
    }
}
