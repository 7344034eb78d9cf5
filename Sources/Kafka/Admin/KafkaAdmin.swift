import CRdKafka
import Dispatch
import Logging
import Synchronization

/// Topic management and offset inspection.
public final class KafkaAdmin: TopicCreating {
    private let bootstrapServers: String
    private let security: KafkaSecurity
    private let raw: [String: String]
    private let handle: ClientHandle
    private let queue: DispatchQueue
    private let logger: Logger
    /// One non-joining consumer handle per inspected group, used to read its committed offsets.
    private let groupReaders = Mutex<[String: ClientHandle]>([:])

    public init(
        bootstrapServers: String, security: KafkaSecurity = .init(), raw: [String: String] = [:],
        logger: Logger = Logger(label: "kafka.admin")
    ) throws(KafkaError) {
        self.bootstrapServers = bootstrapServers
        self.security = security
        self.raw = raw
        self.logger = logger
        let conf = try NativeConfiguration.make(Self.entries(bootstrapServers, security, raw, extra: []), context: "configuring admin client")
        LibrdkafkaLog.install(on: conf)
        handle = try ClientHandle(type: RD_KAFKA_PRODUCER, conf: conf, context: ClientContext(logger: logger), what: "admin client")
        queue = DispatchQueue(label: "kafka.admin.\(handle.name)")
    }

    deinit {
        close()
    }

    private static func entries(
        _ bootstrapServers: String, _ security: KafkaSecurity, _ raw: [String: String], extra: [(String, String)]
    ) -> [(String, String)] {
        [
            ("bootstrap.servers", bootstrapServers),
            ("client.id", "orderflow-admin"),
            // Metadata lookups must never create the topic they look for.
            ("allow.auto.create.topics", "false"),
            ("log_level", LibrdkafkaLog.defaultLevel),
        ] + extra + security.entries + raw.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
    }

    // MARK: Topics

    /// Creates the topics; "already exists" is success. Throws with the topic name on any other error.
    public func createTopics(_ specs: [TopicSpec], timeout: Duration = .seconds(30)) async throws(KafkaError) {
        guard !specs.isEmpty else { return }
        let handle = handle
        try await runBlocking(on: queue) { () -> Result<Void, KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("creating topics") { pointer throws(KafkaError) in
                    let existing = Set(try Metadata.allTopics(pointer, timeout: timeout).map(\.name))
                    let missing = specs.filter { !existing.contains($0.name) }
                    try TopicCreation.create(missing, on: pointer, timeout: timeout)
                }
            }
        }.get()
    }

    /// Deletes the topics; one that does not exist is success. Throws with the topic name on any other
    /// error (a cluster with `delete.topic.enable=false` answers TOPIC_DELETION_DISABLED).
    public func deleteTopics(_ names: [String], timeout: Duration = .seconds(30)) async throws(KafkaError) {
        guard !names.isEmpty else { return }
        let handle = handle
        try await runBlocking(on: queue) { () -> Result<Void, KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("deleting topics") { pointer throws(KafkaError) in
                    try TopicDeletion.delete(names, on: pointer, timeout: timeout)
                }
            }
        }.get()
    }

    /// Topics with their partitions, excluding internal (`__`-prefixed) topics, sorted by name.
    public func listTopics(timeout: Duration = .seconds(10)) async throws(KafkaError) -> [TopicDescription] {
        try await allTopics(timeout: timeout).filter { !$0.name.hasPrefix("__") }.sorted { $0.name < $1.name }
    }

    /// `listTopics`, but throwing `_ALL_BROKERS_DOWN` as soon as librdkafka reports every bootstrap broker
    /// down (connection refused, name not resolved) rather than waiting out `timeout`: for tools whose
    /// user is waiting, where a broker that refuses now will not be there in ten seconds either.
    public func listTopicsFailingFast(timeout: Duration = .seconds(10)) async throws(KafkaError) -> [TopicDescription] {
        let handle = handle
        return try await runBlocking(on: queue) { () -> Result<[TopicDescription], KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("listing topics") { pointer throws(KafkaError) in
                    try Metadata.allTopicsFailingFast(pointer, context: handle.context, timeout: timeout)
                }
            }
        }.get().filter { !$0.name.hasPrefix("__") }.sorted { $0.name < $1.name }
    }

    /// Unknown topic → KafkaError named "UNKNOWN_TOPIC_OR_PART".
    public func describeTopic(_ name: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> TopicDescription {
        guard let topic = try await allTopics(timeout: timeout).first(where: { $0.name == name }) else {
            throw KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, context: "describing topic \"\(name)\"")
        }
        return topic
    }

    /// Leader, replicas and in-sync replicas of each partition. Unknown topic → `UNKNOWN_TOPIC_OR_PART`.
    public func layout(of topic: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> TopicLayout {
        let handle = handle
        let layout = try await runBlocking(on: queue) { () -> Result<TopicLayout?, KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("describing topic \"\(topic)\"") { pointer throws(KafkaError) in
                    try Metadata.layout(of: topic, pointer, timeout: timeout)
                }
            }
        }.get()
        guard let layout else {
            throw KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, context: "describing topic \"\(topic)\"")
        }
        return layout
    }

    /// The topic's configuration (DescribeConfigs), sorted by name. Throws on a broker that does not
    /// serve DescribeConfigs (librdkafka's mock cluster).
    public func configs(of topic: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> [TopicConfigEntry] {
        try await requireAPI(.describeConfigs, timeout: timeout)
        let handle = handle
        return try await runBlocking(on: queue) { () -> Result<[TopicConfigEntry], KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("describing topic configuration") { pointer throws(KafkaError) in
                    try TopicConfigs.describe(topic, on: pointer, timeout: timeout)
                }
            }
        }.get()
    }

    private func allTopics(timeout: Duration) async throws(KafkaError) -> [TopicDescription] {
        let handle = handle
        return try await runBlocking(on: queue) { () -> Result<[TopicDescription], KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("listing topics") { pointer throws(KafkaError) in
                    try Metadata.allTopics(pointer, timeout: timeout)
                }
            }
        }.get()
    }

    // MARK: Cluster

    /// The brokers the cluster's metadata lists.
    public func describeCluster(timeout: Duration = .seconds(10)) async throws(KafkaError) -> ClusterDescription {
        let handle = handle
        let brokers = try await runBlocking(on: queue) { () -> Result<[ClusterDescription.Broker], KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("describing the cluster") { pointer throws(KafkaError) in
                    try Metadata.brokers(pointer, timeout: timeout)
                }
            }
        }.get()
        return ClusterDescription(brokers: brokers)
    }

    /// The request versions `broker` serves, from an ApiVersions request on a connection of its own
    /// (librdkafka asks the same but keeps the answer). Plaintext listeners only: with TLS or SASL
    /// configured it throws rather than speak to the broker without them.
    public func apiVersions(of broker: ClusterDescription.Broker, timeout: Duration = .seconds(10)) async throws(KafkaError) -> APIVersions {
        guard security.protocol == .plaintext else {
            throw KafkaError.invalidArgument(
                "asking broker \(broker.host):\(broker.port) for its API versions",
                "only over plaintext, and the client is configured for \(security.protocol.rawValue)")
        }
        return try await runBlocking(on: queue) { () -> Result<APIVersions, KafkaError> in
            Result { () throws(KafkaError) in try ApiVersionsRequest.ask(host: broker.host, port: broker.port, timeout: timeout) }
        }.get()
    }

    // MARK: Groups

    /// Kafka API keys of the group and config requests, which not every broker serves (librdkafka's
    /// mock cluster serves none of them).
    private enum OptionalAPI: Int16 {
        case describeGroups = 15
        case listGroups = 16
        case describeConfigs = 32

        var name: String {
            switch self {
            case .describeGroups: "DescribeGroups"
            case .listGroups: "ListGroups"
            case .describeConfigs: "DescribeConfigs"
            }
        }
    }

    /// Throws `_UNSUPPORTED_FEATURE` when the first broker of the cluster says (ApiVersions) that it does
    /// not serve `api`, before any such request is sent: a broker asked for an API it lacks can leave the
    /// client's later requests waiting. Only checked over plaintext; otherwise the request is left to fail.
    private func requireAPI(_ api: OptionalAPI, timeout: Duration) async throws(KafkaError) {
        guard security.protocol == .plaintext,
              let broker = try await describeCluster(timeout: timeout).brokers.first,
              let versions = try? await apiVersions(of: broker, timeout: timeout)
        else { return }
        guard versions.ranges[api.rawValue] == nil else { return }
        throw KafkaError(
            RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE, context: "asking for \(api.name)",
            detail: "the broker at \(broker.host):\(broker.port) does not serve \(api.name)")
    }

    /// The groups' state, members (client id, host, assignment) and assignor, in the order asked. A group
    /// the coordinator does not know comes back in state `Dead` with no members. Throws on a broker that
    /// does not serve DescribeGroups (error named `UNSUPPORTED_VERSION` or `_UNSUPPORTED_FEATURE`).
    public func describeGroups(_ groups: [String], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [ConsumerGroupDescription] {
        try await requireAPI(.describeGroups, timeout: timeout)
        let handle = handle
        return try await runBlocking(on: queue) { () -> Result<[ConsumerGroupDescription], KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("describing consumer groups") { pointer throws(KafkaError) in
                    try GroupDescription.describe(groups, on: pointer, timeout: timeout)
                }
            }
        }.get()
    }

    /// Every consumer group the brokers know, with its state (`Stable`, `Empty`, ...), sorted by id.
    public func listGroups(timeout: Duration = .seconds(10)) async throws(KafkaError) -> [(groupID: String, state: String)] {
        try await requireAPI(.listGroups, timeout: timeout)
        let handle = handle
        return try await runBlocking(on: queue) { () -> Result<[(groupID: String, state: String)], KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("listing consumer groups") { pointer throws(KafkaError) in
                    try GroupListing.list(on: pointer, timeout: timeout)
                }
            }
        }.get()
    }

    /// Commits these offsets (next offset to read) for the group without joining it, as a member-less
    /// commit: a broker accepts it only while the group has no members, and refuses it otherwise
    /// (UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION), so running consumers never see their position moved.
    public func commitOffsets(group: String, _ offsets: [TopicPartition: Int64]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let reader = try groupReader(group)
        try await runBlocking(on: queue) { () -> Result<Void, KafkaError> in
            Result { () throws(KafkaError) in
                try reader.withHandle("committing offsets for group \"\(group)\"") { pointer throws(KafkaError) in
                    let list = PartitionList.make(Array(offsets.keys).sorted(), offsets: offsets)
                    defer { rd_kafka_topic_partition_list_destroy(list) }
                    let context = "committing offsets for group \"\(group)\""
                    let result = rd_kafka_commit(pointer, list, 0)
                    if let error = PartitionList.firstError(list, context: context) { throw error }
                    guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result, context: context) }
                }
            }
        }.get()
    }

    // MARK: Offsets

    public func watermarks(_ partition: TopicPartition, timeout: Duration = .seconds(10)) async throws(KafkaError) -> (low: Int64, high: Int64) {
        let handle = handle
        let marks = try await runBlocking(on: queue) { () -> Result<Watermarks, KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("querying watermarks") { pointer throws(KafkaError) in
                    try Watermarks.query(pointer, partition, timeout: timeout)
                }
            }
        }.get()
        return (marks.low, marks.high)
    }

    /// Committed offset per partition of the group for these topics, with watermarks and lag
    /// (lag = high - committed, or high - low when nothing committed). Sorted by topic and partition.
    public func consumerLag(group: String, topics: [String], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [PartitionLag] {
        let described = try await allTopics(timeout: timeout)
        var partitions: [TopicPartition] = []
        for topic in topics {
            guard let description = described.first(where: { $0.name == topic }) else {
                throw KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, context: "consumer lag of group \"\(group)\" on topic \"\(topic)\"")
            }
            partitions += description.partitions.map { TopicPartition(topic: topic, partition: $0) }
        }
        guard !partitions.isEmpty else { return [] }
        let reader = try groupReader(group)
        let handle = handle
        let wanted = partitions
        return try await runBlocking(on: queue) { () -> Result<[PartitionLag], KafkaError> in
            Result { () throws(KafkaError) in
                let committed = try reader.withHandle("fetching committed offsets of group \"\(group)\"") { pointer throws(KafkaError) in
                    try CommittedOffsets.fetch(pointer, wanted, timeout: timeout)
                }
                return try handle.withHandle("querying watermarks") { pointer throws(KafkaError) in
                    try wanted.map { partition throws(KafkaError) in
                        let marks = try Watermarks.query(pointer, partition, timeout: timeout)
                        let offset = committed[partition]
                        let lag = max(0, marks.high - (offset ?? marks.low))
                        return PartitionLag(topicPartition: partition, committed: offset, low: marks.low, high: marks.high, lag: lag)
                    }
                }
            }
        }.get()
    }

    /// A consumer handle with `group.id` set that never subscribes, so it reads the group's offsets without
    /// joining (and disturbing) the group.
    private func groupReader(_ group: String) throws(KafkaError) -> ClientHandle {
        if let reader = groupReaders.withLock({ $0[group] }) { return reader }
        let conf = try NativeConfiguration.make(
            Self.entries(bootstrapServers, security, raw, extra: [("group.id", group), ("enable.auto.commit", "false")]),
            context: "configuring offset reader for group \"\(group)\""
        )
        LibrdkafkaLog.install(on: conf)
        let reader = try ClientHandle(type: RD_KAFKA_CONSUMER, conf: conf, context: ClientContext(logger: logger), what: "offset reader")
        let (kept, surplus) = groupReaders.withLock { readers -> (ClientHandle, ClientHandle?) in
            if let existing = readers[group] { return (existing, reader) }
            readers[group] = reader
            return (reader, nil)
        }
        if let surplus { queue.async { surplus.destroy { _ in } } }
        return kept
    }

    /// Releases the client. Idempotent; calls afterwards throw a "closed" error. Destruction finishes in the
    /// background so this never blocks the caller.
    public func close() {
        close(then: nil)
    }

    /// Releases the client and returns once librdkafka has let go of every handle: a group reader
    /// talks to its group coordinator on the way out, so a caller about to stop the broker waits here
    /// rather than have those last requests fail.
    public func closeAndWait() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            close(then: { done.resume() })
        }
    }

    private func close(then finished: (@Sendable () -> Void)?) {
        handle.markClosed()
        let readers = groupReaders.withLock { readers in
            defer { readers.removeAll() }
            return Array(readers.values)
        }
        readers.forEach { $0.markClosed() }
        let handle = handle
        queue.async {
            readers.forEach { $0.destroy { _ in } }
            handle.destroy { _ in }
            finished?()
        }
    }
}
