import Kafka

/// What a consumer service's consume loop reads from its environment: its group, how it batches and
/// how it retries a failed message.
public struct ConsumerSettings: Sendable {
    public var groupID: String
    public var batchSize: Int
    public var batchMaxWait: Duration
    /// How long the broker may hold a fetch that finds nothing (librdkafka's `fetch.wait.max.ms`).
    public var fetchMaxWait: Duration
    /// How long the group coordinator waits for a silent member before moving its partitions.
    public var sessionTimeout: Duration
    public var retry: RetryPolicy
}

extension ConsumerSettings {
    public enum Variables {
        public static func groupID(for process: ProcessIdentity) -> Setting<String> {
            Setting.string(
                name: "GROUP_ID", description: "Kafka consumer group id", default: process.service, example: "payment-service")
        }
        public static let batchSize = Setting.integer(
            name: "BATCH_SIZE", description: "Most messages handled in one database transaction",
            default: 100, range: 1...10_000, example: "500")
        public static let batchMaxWait = Setting.milliseconds(
            name: "BATCH_MAX_WAIT_MS", description: "Longest wait in milliseconds to fill a batch before handling it",
            default: 50, range: 0...60_000, example: "20")
        public static let fetchMaxWait = Setting.milliseconds(
            name: "KAFKA_FETCH_WAIT_MAX_MS",
            description: "Longest time in milliseconds the broker may hold a fetch that finds no record (librdkafka's fetch.wait.max.ms; Kafka answers as soon as records arrive, the dev broker only when it is over)",
            default: 500, range: 1...300_000, example: "10")
        /// The default is the Kafka client's own `sessionTimeout`, so the setting is declared once. A
        /// Kafka broker refuses a value outside its `group.min.session.timeout.ms`…`group.max.session.timeout.ms`
        /// (6 s…30 min by default); the dev broker takes any.
        public static let sessionTimeout = Setting.milliseconds(
            name: "KAFKA_SESSION_TIMEOUT_MS",
            description: "Milliseconds the group coordinator waits for a silent replica before its partitions move to the others (librdkafka's session.timeout.ms; heartbeats go every third of it, at most every 3 s)",
            default: Int(KafkaConsumerConfiguration.defaultSessionTimeout.wholeMilliseconds), range: 1_000...1_800_000, example: "6000")
        public static let retryBase = Setting.milliseconds(
            name: "RETRY_BASE_MS", description: "Backoff in milliseconds before the first retry of a transient failure",
            default: 100, range: 1...600_000, example: "200")
        public static let retryCap = Setting.milliseconds(
            name: "RETRY_CAP_MS", description: "Longest backoff in milliseconds between retries",
            default: 10_000, range: 1...3_600_000, example: "30000")
        public static let retryMaxAttempts = Setting.integer(
            name: "RETRY_MAX_ATTEMPTS", description: "Attempts at a message (first try included) before it is dead-lettered",
            default: 8, range: 1...1_000, example: "5")

        /// In the order `--help` lists them and they are read.
        static func all(for process: ProcessIdentity) -> [any SettingDeclaration] {
            [groupID(for: process), batchSize, batchMaxWait, fetchMaxWait, sessionTimeout, retryBase, retryCap, retryMaxAttempts]
        }
    }

    init(from reader: inout EnvironmentReader, for process: ProcessIdentity) {
        typealias V = Variables
        groupID = reader.read(V.groupID(for: process))
        batchSize = reader.read(V.batchSize)
        batchMaxWait = reader.read(V.batchMaxWait)
        fetchMaxWait = reader.read(V.fetchMaxWait)
        sessionTimeout = reader.read(V.sessionTimeout)
        let problemsBeforeRetry = reader.problems.count
        let base = reader.read(V.retryBase)
        let cap = reader.read(V.retryCap)
        let maxAttempts = reader.read(V.retryMaxAttempts)
        // Only compare values that parsed; a placeholder would add a misleading second message.
        if reader.problems.count == problemsBeforeRetry && cap < base {
            reader.report(
                "\(V.retryCap.name) must be at least \(V.retryBase.name) (\(base.wholeMilliseconds) ms), got \(cap.wholeMilliseconds) ms")
        }
        retry = RetryPolicy(base: base, cap: cap, maxAttempts: maxAttempts)
    }
}
