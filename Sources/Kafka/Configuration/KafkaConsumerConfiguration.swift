public struct KafkaConsumerConfiguration: Sendable {
    public enum AutoOffsetReset: String, Sendable {
        case earliest
        case latest
    }

    public enum IsolationLevel: String, Sendable {
        case readCommitted = "read_committed"
        case readUncommitted = "read_uncommitted"
    }

    public var bootstrapServers: String
    public var groupID: String
    public var clientID: String = "orderflow"
    /// Where to start when the group has no committed offset for a partition.
    public var autoOffsetReset: AutoOffsetReset = .earliest
    /// `session.timeout.ms`. The heartbeat interval is derived from it (a third, at most 3 s).
    public var sessionTimeout: Duration = Self.defaultSessionTimeout
    public static let defaultSessionTimeout: Duration = .seconds(10)
    /// `max.poll.interval.ms`: the member leaves the group if `poll` is not called for this long.
    public var maxPollInterval: Duration = .seconds(300)
    public var isolationLevel: IsolationLevel = .readCommitted
    /// `fetch.wait.max.ms`: how long a broker may hold a fetch that finds no record; nil keeps
    /// librdkafka's default (500 ms). A Kafka broker answers as soon as records arrive, so there the wait
    /// only paces idle requests; librdkafka's mock cluster (the dev broker) answers only when it is over,
    /// so on it every produce → consume hop waits for it.
    public var fetchMaxWait: Duration?
    public var security = KafkaSecurity()
    /// Any librdkafka property, applied last (overrides everything above, including the fixed offset settings).
    public var raw: [String: String] = [:]

    public init(bootstrapServers: String, groupID: String) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
    }

    var entries: [(String, String)] {
        let sessionMilliseconds = sessionTimeout.wholeMilliseconds
        let heartbeatMilliseconds = max(1, min(3000, sessionMilliseconds / 3))
        var result: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers),
            ("group.id", groupID),
            ("client.id", clientID),
            ("auto.offset.reset", autoOffsetReset.rawValue),
            ("session.timeout.ms", String(sessionMilliseconds)),
            ("heartbeat.interval.ms", String(heartbeatMilliseconds)),
            ("max.poll.interval.ms", String(maxPollInterval.wholeMilliseconds)),
            ("isolation.level", isolationLevel.rawValue),
            // The caller stores offsets after processing and commits explicitly: nothing is marked
            // consumed just because it was fetched.
            ("enable.auto.commit", "false"),
            ("enable.auto.offset.store", "false"),
            ("enable.partition.eof", "false"),
            // Incremental (cooperative) rebalancing: a member joining or leaving only moves the partitions
            // that change owner, the others keep flowing. librdkafka's mock cluster (2.0.2) handles it: its
            // group coordinator takes the leader's first protocol and the assignment itself runs in the
            // client, so the same setting works in tests and against real brokers.
            ("partition.assignment.strategy", "cooperative-sticky"),
            ("log_level", LibrdkafkaLog.defaultLevel),
        ]
        if let fetchMaxWait { result.append(("fetch.wait.max.ms", String(fetchMaxWait.wholeMilliseconds))) }
        result += security.entries
        result += raw.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
        return result
    }
}
