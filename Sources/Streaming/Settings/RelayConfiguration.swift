import Foundation

/// Settings only the outbox relay reads, on top of `ServiceConfiguration`.
public struct RelayConfiguration: Sendable, Equatable {
    /// Number of outbox shards; writers and relays must agree on it, since a row's shard is its key hash modulo this.
    public var shards: Int
    public var batchSize: Int
    public var maxBatchesInFlight: Int
    public var pollInterval: Duration
    public var outboxRetention: Duration
    public var processedEventsRetention: Duration

    public init(
        shards: Int = 16,
        batchSize: Int = 500,
        pollInterval: Duration = .seconds(1),
        outboxRetention: Duration = .seconds(24 * 3600),
        processedEventsRetention: Duration = .seconds(168 * 3600),
        maxBatchesInFlight: Int = 4
    ) {
        self.shards = shards
        self.batchSize = batchSize
        self.maxBatchesInFlight = maxBatchesInFlight
        self.pollInterval = pollInterval
        self.outboxRetention = outboxRetention
        self.processedEventsRetention = processedEventsRetention
    }

    public static let outboxShards = EnvironmentVariable(
        name: "OUTBOX_SHARDS", description: "Number of outbox shards (each owned by one relay at a time; all writers and relays must agree)",
        defaultValue: "16", example: "32")
    public static let relayBatchSize = EnvironmentVariable(
        name: "RELAY_BATCH_SIZE", description: "Most outbox rows published per relay round",
        defaultValue: "500", example: "1000")
    public static let relayMaxBatchesInFlight = EnvironmentVariable(
        name: "RELAY_MAX_BATCHES_IN_FLIGHT",
        description: "Relay batches awaiting delivery reports while the next one is read (1 = one batch at a time)",
        defaultValue: "4", example: "8")
    public static let relayPollInterval = EnvironmentVariable(
        name: "RELAY_POLL_INTERVAL_MS", description: "Milliseconds between outbox polls when no notification arrives",
        defaultValue: "1000", example: "250")
    public static let outboxRetentionHours = EnvironmentVariable(
        name: "OUTBOX_RETENTION_HOURS", description: "Hours published outbox rows are kept before deletion",
        defaultValue: "24", example: "72")
    public static let processedEventsRetentionHours = EnvironmentVariable(
        name: "PROCESSED_EVENTS_RETENTION_HOURS", description: "Hours processed-event ids are kept for deduplication",
        defaultValue: "168", example: "336")

    public static let variables: [EnvironmentVariable] = [
        outboxShards, relayBatchSize, relayMaxBatchesInFlight, relayPollInterval, outboxRetentionHours, processedEventsRetentionHours,
    ]

    public static func fromEnvironment(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> RelayConfiguration {
        var reader = EnvironmentReader(environment)
        let shards = reader.int(outboxShards, range: 1...1024)
        let batchSize = reader.int(relayBatchSize, range: 1...10_000)
        let maxBatchesInFlight = reader.int(relayMaxBatchesInFlight, range: 1...64)
        let pollInterval = reader.duration(relayPollInterval, range: 10...3_600_000)
        let outboxHours = reader.int(outboxRetentionHours, range: 0...87_600)
        let processedHours = reader.int(processedEventsRetentionHours, range: 1...87_600)
        try reader.finish()
        return RelayConfiguration(
            shards: shards,
            batchSize: batchSize,
            pollInterval: pollInterval,
            outboxRetention: .seconds(outboxHours * 3600),
            processedEventsRetention: .seconds(processedHours * 3600),
            maxBatchesInFlight: maxBatchesInFlight
        )
    }
}
