import Hummingbird
import Postgres

/// Everything that makes one service what it is; `ServiceRunner` supplies the rest.
public struct ServiceDefinition: Sendable {
    public var name: String
    public var summary: String
    public var defaultHTTPPort: Int
    /// The name its own database usually has (`payments`): the example `--help` gives for `DATABASE_URL`.
    public var database: String
    public var topics: [String]
    public var migrations: [Migration]
    public var handlers: EventHandlers
    /// Extra HTTP routes (the order API), given the service's resources.
    public var routes: (@Sendable (Router<ServiceRequestContext>, ServiceResources) -> Void)?
    /// The service's own settings, listed after the common ones in `--help` (which the compose env
    /// example is checked against).
    public var variables: [any SettingDeclaration]
    /// Problems the service found reading its own settings; reported with the common ones.
    public var problems: [String]
    /// Settings worth a warning that still let it run: logged at start and shown by `/readyz`.
    public var warnings: [String]
    /// What becomes of a parked message out of attempts: dead-lettered (its key moves on), or held
    /// with its key for an operator. Set after `init` by the services that hold.
    public var exhaustedParked: ExhaustedParkedMessage = .deadLetter
    /// Gates the consume loop waits on (a dependency's circuit breaker): while one holds, the loop
    /// pauses its partitions. Each is also reported by `/readyz`, without making the process unready.
    public var gates: [any ConsumeGate]
    /// The process's metrics, when the service records some of its own (a dependency's calls) in
    /// them; nil: the runner makes them.
    public var metrics: StreamingMetrics?

    public init(name: String, summary: String, defaultHTTPPort: Int, database: String? = nil, topics: [String], migrations: [Migration],
                handlers: EventHandlers, variables: [any SettingDeclaration] = [], problems: [String] = [],
                warnings: [String] = [], gates: [any ConsumeGate] = [], metrics: StreamingMetrics? = nil,
                routes: (@Sendable (Router<ServiceRequestContext>, ServiceResources) -> Void)? = nil) {
        self.name = name
        self.summary = summary
        self.defaultHTTPPort = defaultHTTPPort
        self.database = database ?? String(name.prefix { $0 != "-" })
        self.topics = topics
        self.migrations = migrations
        self.handlers = handlers
        self.variables = variables
        self.problems = problems
        self.warnings = warnings
        self.gates = gates
        self.metrics = metrics
        self.routes = routes
    }

    /// What the service-dependent defaults are made of.
    var identity: ProcessIdentity { ProcessIdentity(service: name, defaultHTTPPort: defaultHTTPPort, database: database) }
}

/// Shared resources a service's extra routes may use.
public struct ServiceResources: Sendable {
    public let settings: ServiceSettings
    public let database: PostgresConfiguration
    public let metrics: StreamingMetrics
    /// Writes with the shard count the relays use (`OUTBOX_SHARDS`); routes that write to the outbox
    /// must use it rather than a default-built writer, whose rows a relay with fewer shards never reads.
    public let outbox: OutboxWriter
}
