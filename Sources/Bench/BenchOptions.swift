import Foundation

/// What a bench run measures and how big it is. `quick` is the smoke-test size: it checks that every
/// scenario runs and reports, not how fast anything is.
public struct BenchOptions: Sendable {
    /// An admin URL (database `postgres`): the bench creates and drops its own scratch databases.
    public var databaseURL: String
    public var outputDirectory: URL
    public var quick: Bool
    public var scenarios: Set<String>
    public var pgbenchPath: String?
    /// Directory holding the service and relay executables, for the pipeline scenario.
    public var binDirectory: URL?
    /// Bootstrap servers of the Kafka cluster to run on; nil starts a dev broker in this process.
    public var brokers: String?
    /// What every topic name of the run starts with; nil: a prefix of the run's own.
    public var topicPrefix: String?
    /// `fetch.wait.max.ms` of the run's consumers on a cluster; nil keeps librdkafka's. On the dev broker
    /// they always ask for `DevBroker.fetchMaxWait`.
    public var clusterFetchMaxWait: Duration?
    /// Latency of the payment provider simulator in the pipeline scenario's second ladder (its first runs
    /// with none), so the report shows what a provider that takes its time costs.
    public var providerLatency: Duration = .milliseconds(20)

    public var handlerEvents: Int
    public var handlerBatchSizes: [Int]
    /// Back-to-back pairs of runs with and without outbox writes at the best batch size; the median of
    /// the pairs' ratios is the outbox cost (single runs minutes apart differ by more than the cost).
    public var outboxRounds: Int
    public var relayRows: Int
    /// Runs per relay replica count; the median one is reported.
    public var relayRounds: Int
    public var relayKeys: Int
    public var rawRecords: Int
    public var latencyProbes: Int
    public var pgbenchDuration: Duration
    /// A run that has not drained by then stops and reports the rate over what it did.
    public var maxRunDuration: Duration
    /// Partitions of the bench's topics: enough that the dev broker's ~5 MB per partition holds a whole run.
    public var partitions: Int32

    public init(databaseURL: String, outputDirectory: URL, quick: Bool = false, scenarios: Set<String>? = nil) {
        self.databaseURL = databaseURL
        self.outputDirectory = outputDirectory
        self.quick = quick
        self.scenarios = scenarios ?? Set(BenchReport.scenarioOrder)
        if quick {
            handlerEvents = 300
            handlerBatchSizes = [1, 50]
            outboxRounds = 1
            relayRows = 600
            relayRounds = 1
            relayKeys = 60
            rawRecords = 1_000
            latencyProbes = 50
            pgbenchDuration = .seconds(1)
            maxRunDuration = .seconds(10)
        } else {
            handlerEvents = 50_000
            handlerBatchSizes = [1, 10, 50, 200]
            outboxRounds = 5
            relayRows = 100_000
            relayRounds = 3
            relayKeys = 10_000
            rawRecords = 100_000
            latencyProbes = 2_000
            pgbenchDuration = .seconds(10)
            maxRunDuration = .seconds(60)
        }
        partitions = 32
    }

    public func wants(_ scenario: String) -> Bool { scenarios.contains(scenario) }

    /// The baselines run whenever a figure is read against them; the handler scenario's input is theirs.
    var runsBaselines: Bool { ["baselines", "handler", "relay", "resources"].contains(where: wants) }

    var sizes: [String: Int] {
        [
            "handler_events": handlerEvents, "outbox_rounds": outboxRounds, "relay_rows": relayRows, "relay_rounds": relayRounds, "relay_keys": relayKeys,
            "raw_records": rawRecords, "latency_probes": latencyProbes, "partitions": Int(partitions),
            "pgbench_seconds": Int(pgbenchDuration.components.seconds),
            "max_run_seconds": Int(maxRunDuration.components.seconds),
        ]
    }
}
