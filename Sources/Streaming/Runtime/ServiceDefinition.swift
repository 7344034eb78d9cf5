import Hummingbird
import Postgres

/// Everything that makes one service what it is; `ServiceRunner` supplies the rest.
public struct ServiceDefinition: Sendable {
    public var name: String
    public var summary: String
    public var defaultHTTPPort: Int
    public var topics: [String]
    public var migrations: [Migration]
    public var handlers: EventHandlers
    /// Extra HTTP routes (the order API), given the service's resources.
    public var routes: (@Sendable (Router<BasicRequestContext>, ServiceResources) -> Void)?
    /// Extra environment variables the service reads, for `--help` and the compose env example.
    public var variables: [EnvironmentVariable]
    /// Problems the service found reading its own variables; reported with the common ones.
    public var problems: [String]

    public init(name: String, summary: String, defaultHTTPPort: Int, topics: [String], migrations: [Migration],
                handlers: EventHandlers, variables: [EnvironmentVariable] = [], problems: [String] = [],
                routes: (@Sendable (Router<BasicRequestContext>, ServiceResources) -> Void)? = nil) {
        self.name = name
        self.summary = summary
        self.defaultHTTPPort = defaultHTTPPort
        self.topics = topics
        self.migrations = migrations
        self.handlers = handlers
        self.variables = variables
        self.problems = problems
        self.routes = routes
    }
}

/// Shared resources a service's extra routes may use.
public struct ServiceResources: Sendable {
    public let configuration: ServiceConfiguration
    public let database: PostgresConfiguration
    public let metrics: StreamingMetrics
    /// Writes with the shard count the relays use (`OUTBOX_SHARDS`); routes that write to the outbox
    /// must use it rather than a default-built writer, whose rows a relay with fewer shards never reads.
    public let outbox: OutboxWriter
}
