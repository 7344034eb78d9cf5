/// Tuning of an outbox relay instance.
public struct OutboxRelayConfiguration: Sendable {
    /// Must equal the shard count the service's `OutboxWriter` uses.
    public var shards: Int = OutboxShards.default
    public var batchSize: Int = 500
    /// Batches handed to the producer whose delivery reports are still awaited while the next batch is
    /// read; 1 reads, sends, awaits and marks strictly in turn.
    public var maxBatchesInFlight: Int = 4
    /// Fallback wake-up when no notification arrives (notifications are lost while reconnecting).
    public var pollInterval: Duration = .seconds(1)
    /// How often shard ownership is re-balanced between relay instances; bounds takeover time.
    public var rebalanceInterval: Duration = .seconds(2)
    public var outboxRetention: Duration = .seconds(24 * 3600)
    public var processedEventsRetention: Duration = .seconds(7 * 24 * 3600)
    public var cleanupInterval: Duration = .seconds(60)
    /// Distinguishes relays in pg_stat_activity so instances can count each other.
    public var applicationName: String = "orderflow-outbox-relay"
    /// First key of the two-key advisory locks guarding shards.
    public var lockNamespace: Int32 = 0x6f62

    public init() {}
}
