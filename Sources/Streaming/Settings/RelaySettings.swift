/// How an outbox relay runs: what it reads from its environment (`Variables`), and tunables that are
/// not read from anywhere.
public struct RelaySettings: Sendable, Equatable {
    /// Must equal the shard count the service's `OutboxWriter` uses: a row's shard is its key hash
    /// modulo this.
    public var shards = Variables.shards.defaultValue
    public var batchSize = Variables.batchSize.defaultValue
    /// Batches handed to the producer whose delivery reports are still awaited while the next batch is
    /// read; 1 reads, sends, awaits and marks strictly in turn.
    public var maxBatchesInFlight = Variables.maxBatchesInFlight.defaultValue
    /// Fallback wake-up when no notification arrives (notifications are lost while reconnecting).
    public var pollInterval = Variables.pollInterval.defaultValue
    public var outboxRetention = Variables.outboxRetention.defaultValue
    public var processedEventsRetention = Variables.processedEventsRetention.defaultValue

    /// How often shard ownership is re-balanced between relay instances; bounds takeover time.
    public var rebalanceInterval: Duration = .seconds(2)
    public var cleanupInterval: Duration = .seconds(60)
    /// Distinguishes relays in pg_stat_activity so instances can count each other.
    public var applicationName = "orderflow-outbox-relay"
    /// First key of the two-key advisory locks guarding shards.
    public var lockNamespace: Int32 = 0x6f62

    public init() {}
}

extension RelaySettings {
    public enum Variables {
        /// Enough shards for a handful of relay replicas to split the work.
        public static let shards = Setting.integer(
            name: "OUTBOX_SHARDS",
            description: "Number of outbox shards (each owned by one relay at a time; all writers and relays must agree)",
            default: 16, range: 1...1024, example: "32")
        public static let batchSize = Setting.integer(
            name: "RELAY_BATCH_SIZE", description: "Most outbox rows published per relay round",
            default: 500, range: 1...10_000, example: "1000")
        public static let maxBatchesInFlight = Setting.integer(
            name: "RELAY_MAX_BATCHES_IN_FLIGHT",
            description: "Relay batches awaiting delivery reports while the next one is read (1 = one batch at a time)",
            default: 4, range: 1...64, example: "8")
        public static let pollInterval = Setting.milliseconds(
            name: "RELAY_POLL_INTERVAL_MS", description: "Milliseconds between outbox polls when no notification arrives",
            default: 1000, range: 10...3_600_000, example: "250")
        public static let outboxRetention = Setting.hours(
            name: "OUTBOX_RETENTION_HOURS", description: "Hours an outbox row is kept from its creation, once published, before deletion",
            default: 24, range: 0...87_600, example: "72")
        public static let processedEventsRetention = Setting.hours(
            name: "PROCESSED_EVENTS_RETENTION_HOURS", description: "Hours processed-event ids are kept for deduplication",
            default: 168, range: 1...87_600, example: "336")

        /// In the order `--help` lists them and they are read.
        static let all: [any SettingDeclaration] = [
            shards, batchSize, maxBatchesInFlight, pollInterval, outboxRetention, processedEventsRetention,
        ]
    }

    init(from reader: inout EnvironmentReader) {
        typealias V = Variables
        shards = reader.read(V.shards)
        batchSize = reader.read(V.batchSize)
        maxBatchesInFlight = reader.read(V.maxBatchesInFlight)
        pollInterval = reader.read(V.pollInterval)
        outboxRetention = reader.read(V.outboxRetention)
        processedEventsRetention = reader.read(V.processedEventsRetention)
    }
}
