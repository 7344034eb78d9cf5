public struct KafkaProducerConfiguration: Sendable {
    public enum Acks: String, Sendable {
        case none = "0"
        case leader = "1"
        case all = "all"
    }

    /// `host:port,host:port`
    public var bootstrapServers: String
    public var clientID: String = "orderflow"
    /// `enable.idempotence`: no duplicates from retries, per-partition order kept across retries. Requires `acks = .all`.
    public var idempotent: Bool = true
    public var acks: Acks = .all
    /// `linger.ms`: how long to wait to fill a batch.
    public var linger: Duration = .milliseconds(5)
    /// `message.timeout.ms`: delivery gives up (and the send fails) after this.
    public var messageTimeout: Duration = .seconds(30)
    /// `compression.codec`: none, gzip, snappy, lz4, zstd.
    public var compression: String? = nil
    public var transactionalID: String? = nil
    /// `allow.auto.create.topics`. Off by default: topics are created explicitly (admin or dev broker), so a
    /// misspelt topic fails the send instead of silently creating a topic with broker-default settings.
    /// (The dev broker ignores it: it auto-creates every topic a client asks about.)
    public var allowAutoCreateTopics: Bool = false
    /// `partitioner`. murmur2_random hashes keys like the Java client does, so every producer agrees on
    /// which partition a key belongs to.
    public var partitioner: String = "murmur2_random"
    public var security = KafkaSecurity()
    /// Any librdkafka property, applied last (overrides everything above).
    public var raw: [String: String] = [:]

    public init(bootstrapServers: String) {
        self.bootstrapServers = bootstrapServers
    }

    var entries: [(String, String)] {
        var result: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers),
            ("client.id", clientID),
            ("enable.idempotence", idempotent ? "true" : "false"),
            ("acks", acks.rawValue),
            ("linger.ms", String(linger.wholeMilliseconds)),
            ("message.timeout.ms", String(messageTimeout.wholeMilliseconds)),
            ("allow.auto.create.topics", allowAutoCreateTopics ? "true" : "false"),
            ("partitioner", partitioner),
            ("log_level", LibrdkafkaLog.defaultLevel),
        ]
        if let compression { result.append(("compression.codec", compression)) }
        if let transactionalID { result.append(("transactional.id", transactionalID)) }
        result += security.entries
        result += raw.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
        return result
    }
}
