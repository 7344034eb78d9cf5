import CRdKafka
import Dispatch
import Kafka
import Logging
import Synchronization

/// librdkafka's mock cluster: an in-memory Kafka that speaks the wire protocol on loopback ports, so other
/// processes can connect. A development and test broker only (keeps ~5 MB per partition).
///
/// What the 2.0.2 mock does and does not do (found by testing against it):
/// - Produce, fetch, consumer groups (including cooperative-sticky), offset commit/fetch, idempotent and
///   transactional producers all work.
/// - It has no CreateTopics handler (and reports a controller id no broker has), so admin topic creation
///   cannot work over the wire: the process that owns the broker creates topics on it (`TopicCreating`),
///   and other processes find them there.
/// - It only speaks Metadata v0-v2, which has no "allow auto-creation" flag, so any unknown topic a client
///   names in a metadata request (producing to it, querying its watermarks) is auto-created with 4 partitions,
///   whatever `allowAutoCreateTopics` says. Listing or describing topics never creates one.
/// - Transactions commit and abort without error, but the mock writes no transaction markers: records of an
///   aborted transaction stay visible even to read_committed consumers.
/// - A consumer group's first rebalance waits 3 s for members; a later join waits session.timeout - 1 s.
/// - Its group coordinator ends a sync round as soon as the leader's SyncGroup arrives; a follower that syncs
///   later is sent back to rejoin, and during that extra round the mock refuses offset commits
///   (REBALANCE_IN_PROGRESS). So, now and then, the commit a consumer makes before giving up partitions fails
///   on the mock and the next owner re-reads a few records. Real brokers accept those commits.
/// - It answers a fetch that finds no record only when the fetch's wait (`fetch.wait.max.ms`, 500 ms by
///   default) is over, even when records arrive meanwhile; a Kafka broker answers as soon as they do. So
///   every produce → consume hop waited up to the whole wait: clients of the dev broker ask for
///   `fetchMaxWait` instead.
/// - It leaves Nagle's algorithm on for its connections, which stalled multi-partition produce batches by
///   ~40 ms each; `BrokerSocketTuner` turns it off.
public final class DevBroker: Sendable {
    public let bootstrapServers: String
    private let handle: ClientHandle
    /// The mock cluster, `nil` after shutdown. Calls hold the lock so shutdown cannot free it underneath them.
    private let cluster: Mutex<MockCluster?>
    private let socketTuner: BrokerSocketTuner

    /// Raw `rd_kafka_mock_cluster_t *`, only dereferenced while `cluster`'s lock is held.
    private struct MockCluster: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// The fetch wait its consumers should ask for: a hop then waits at most this long for the mock's
    /// answer. Shorter waits mean more empty fetches while idle, each costing client and broker CPU.
    public static let fetchMaxWait: Duration = .milliseconds(10)

    /// The session timeout its consumers should ask for. The mock takes one below a Kafka broker's 6 s
    /// floor, and a rebalance on it waits out the members that stay silent: a killed replica's partitions
    /// move after this much instead of the clients' default 10 s.
    public static let sessionTimeout: Duration = .seconds(3)

    public init(brokers: Int = 1, logger: Logger = Logger(label: "kafka.devbroker")) throws(KafkaError) {
        guard brokers >= 1 else { throw KafkaError.invalidArgument("starting the dev broker", "needs at least one broker, got \(brokers)") }
        // The mock cluster needs a client instance to own it; this one is never used for anything else.
        handle = try ClientHandle(type: RD_KAFKA_PRODUCER, entries: [], logger: logger, what: "dev broker owner")
        let pointer = try handle.withHandle("starting the dev broker") { rd_kafka_mock_cluster_new($0, Int32(clamping: brokers)) }
        guard let pointer else {
            handle.destroy { _ in }
            throw KafkaError(RD_KAFKA_RESP_ERR__FAIL, context: "starting the dev broker", detail: "rd_kafka_mock_cluster_new failed")
        }
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(pointer))
        cluster = Mutex(MockCluster(pointer: pointer))
        socketTuner = BrokerSocketTuner(bootstrapServers: bootstrapServers)
        socketTuner.start()
        logger.info("dev broker listening", metadata: ["bootstrap": "\(bootstrapServers)", "brokers": "\(brokers)"])
    }

    deinit {
        socketTuner.stop()
        // Stopping a mock that had client connections takes about a second inside librdkafka; do it in the
        // background so releasing a broker never blocks the releasing thread (often a Swift task).
        guard let cluster = takeCluster() else { return }
        let handle = handle
        DispatchQueue.global().async {
            rd_kafka_mock_cluster_destroy(cluster.pointer)
            handle.destroy { _ in }
        }
    }

    /// Creates a topic directly in the mock. An existing topic is left as it is (not an error).
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int16 = 1) throws(KafkaError) {
        let context = "creating topic \"\(name)\" on the dev broker"
        guard partitions >= 1 else { throw KafkaError.invalidArgument(context, "partitions must be at least 1, got \(partitions)") }
        let result = try withCluster(context) { rd_kafka_mock_topic_create($0, name, partitions, Int32(replicationFactor)) }
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR || result == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else {
            throw KafkaError(result, context: context)
        }
    }

    // MARK: Fault injection

    /// Closes the broker's listener and connections, as if it crashed.
    public func setBrokerDown(_ brokerID: Int32) throws(KafkaError) {
        try check(try withCluster("setting broker \(brokerID) down") { rd_kafka_mock_broker_set_down($0, brokerID) }, "setting broker \(brokerID) down")
    }

    public func setBrokerUp(_ brokerID: Int32) throws(KafkaError) {
        try check(try withCluster("setting broker \(brokerID) up") { rd_kafka_mock_broker_set_up($0, brokerID) }, "setting broker \(brokerID) up")
    }

    /// Delays every response of the broker by `rtt`.
    public func setRoundTripTime(_ brokerID: Int32, _ rtt: Duration) throws(KafkaError) {
        let context = "setting round trip time of broker \(brokerID)"
        try check(try withCluster(context) { rd_kafka_mock_broker_set_rtt($0, brokerID, rtt.timeoutMilliseconds) }, context)
    }

    /// The next requests with this API key (e.g. 0 = Produce, 1 = Fetch, 8 = OffsetCommit) fail with these
    /// error codes, one per request, in order.
    public func pushRequestErrors(apiKey: Int16, errors: [Int32]) {
        guard !errors.isEmpty else { return }
        var codes = errors.map { rd_kafka_resp_err_t(rawValue: $0) }
        _ = try? withCluster("pushing request errors") { rd_kafka_mock_push_request_errors_array($0, apiKey, codes.count, &codes) }
    }

    public func clearRequestErrors(apiKey: Int16) {
        _ = try? withCluster("clearing request errors") { rd_kafka_mock_clear_request_errors($0, apiKey) }
    }

    /// Stops the mock cluster and closes its ports before returning. Idempotent. Blocks while the mock's
    /// thread stops (up to about a second once clients have connected); dropping the last reference instead
    /// stops it in the background.
    public func shutdown() {
        socketTuner.stop()
        guard let cluster = takeCluster() else { return }
        rd_kafka_mock_cluster_destroy(cluster.pointer)
        handle.destroy { _ in }
    }

    private func takeCluster() -> MockCluster? {
        cluster.withLock { cluster in
            defer { cluster = nil }
            return cluster
        }
    }

    private func withCluster<T: Sendable>(_ context: String, _ body: (OpaquePointer) -> T) throws(KafkaError) -> T {
        let result: T? = cluster.withLock { cluster -> T? in
            guard let cluster else { return nil }
            return body(cluster.pointer)
        }
        guard let result else { throw KafkaError.closed(context) }
        return result
    }

    private func check(_ result: rd_kafka_resp_err_t, _ context: String) throws(KafkaError) {
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result, context: context) }
    }
}

extension DevBroker: TopicCreating {
    /// Creates the topics in the mock directly: it has no CreateTopics API.
    public func createTopics(_ specs: [TopicSpec], timeout: Duration) throws(KafkaError) {
        for spec in specs {
            try createTopic(spec.name, partitions: spec.partitions, replicationFactor: spec.replicationFactor)
        }
    }
}
