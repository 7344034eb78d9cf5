import Foundation
import Kafka
import Postgres

/// What a dev stack runs and where.
public struct DevStackConfiguration: Sendable {
    /// Bootstrap servers of the broker the services use.
    public var kafkaBrokers: String
    public var databases: StackDatabases
    /// The directory holding the built executables (`swift build --show-bin-path`).
    public var executables: URL
    public var scale: StackScale
    /// Created (if missing) before anything starts; nil: the topics must exist already.
    public var topics: TopicsFile?
    /// Creates `topics`; nil: the cluster's admin API at `kafkaBrokers`. The process that owns an embedded
    /// dev broker passes the broker, which has no CreateTopics API.
    public var topicCreator: (any TopicCreating)?
    /// How the stack's own admin client authenticates to a cluster (the processes read the same
    /// `KAFKA_SECURITY_*` variables from the environment they inherit).
    public var kafkaSecurity = KafkaSecurity()
    /// Prepended to every topic and consumer group name of the stack (`TOPIC_PREFIX`, `GROUP_ID`), so it
    /// can share a cluster with other stacks; `topics` are created under it. Empty: the names of
    /// topics.json and the services' own groups.
    public var namespace: String
    /// `KAFKA_FETCH_WAIT_MAX_MS` of every process; nil leaves it to the process (librdkafka's 500 ms unless
    /// the inherited environment sets it). Stacks on the dev broker set `DevBroker.fetchMaxWait`.
    public var consumerFetchWait: Duration?
    /// `KAFKA_SESSION_TIMEOUT_MS` of every process; nil leaves it to the process. Stacks on the dev broker
    /// set `DevBroker.sessionTimeout`.
    public var consumerSessionTimeout: Duration?
    /// Where process output goes.
    public var output: ProcessOutput
    /// `LOG_FORMAT` of every process: `text` reads better in a terminal.
    public var logFormat: String
    public var logLevel: String?
    /// The order API's signing key: the order service replicas read it (`API_JWT_SECRET_FILE`); nil
    /// leaves the API without a key, refusing every request.
    public var apiKey: DevAPIKey?
    /// Extra variables for every process.
    public var environment: [String: String]
    /// Extra variables for single processes (e.g. `ORDER_PLACED_VERSION` for one replica).
    public var processEnvironment: [StackProcessID: [String: String]]
    /// The base environment the variables above are added to.
    public var inheritedEnvironment: [String: String]
    /// HTTP ports some processes must have (the order API's `order#1` on the port the README and the
    /// CLI use); every other process gets a free port. A process started again keeps its fixed port.
    public var fixedPorts: [StackProcessID: Int]
    public var readinessTimeout: Duration
    /// Time for a graceful stop of a service before SIGKILL.
    public var stopGracePeriod: Duration
    /// The same for relays. Shorter: they stop after the services, when nothing new reaches the outbox,
    /// and a relay killed mid-batch only republishes rows consumers then drop as duplicates.
    public var relayStopGracePeriod: Duration

    public init(
        kafkaBrokers: String, databases: StackDatabases, executables: URL, scale: StackScale = StackScale(),
        topics: TopicsFile? = nil, output: ProcessOutput = .discard, logFormat: String = "text"
    ) {
        self.kafkaBrokers = kafkaBrokers
        self.databases = databases
        self.executables = executables
        self.scale = scale
        self.topics = topics
        self.topicCreator = nil
        self.namespace = ""
        self.consumerFetchWait = nil
        self.output = output
        self.logFormat = logFormat
        self.logLevel = nil
        self.apiKey = nil
        self.environment = [:]
        self.processEnvironment = [:]
        // Variables the stack sets per process must not leak in from the caller's own environment.
        self.inheritedEnvironment = ProcessInfo.processInfo.environment.filter { !Self.stackVariables.contains($0.key) }
        self.fixedPorts = [:]
        self.readinessTimeout = .seconds(90)
        self.stopGracePeriod = .seconds(20)
        self.relayStopGracePeriod = .seconds(5)
    }

    static let stackVariables: Set<String> = [
        "KAFKA_BROKERS", "DATABASE_URL", "HTTP_PORT", "HTTP_HOST", "GROUP_ID", "CLIENT_ID", "LOG_FORMAT",
        "ORDER_PLACED_VERSION", "TOPIC_PREFIX", "API_JWT_SECRET", "API_JWT_SECRET_FILE", "DATABASE_URL_FILE",
        PaymentProviderWiring.urlVariable,
    ]

    /// The name a topic of topics.json has in this stack.
    public func topic(_ name: String) -> String { namespace + name }

    /// The consumer group of a service in this stack.
    public func groupID(of service: PipelineService) -> String { namespace + service.groupID }

    /// The topics a service of this stack reads.
    public func consumedTopics(of service: PipelineService) -> [String] { service.consumedTopics.map(topic) }

    /// The environment of one process.
    func environment(for id: StackProcessID, httpPort: Int, providerPort: Int? = nil) -> [String: String] {
        var environment = inheritedEnvironment
        environment["KAFKA_BROKERS"] = kafkaBrokers
        environment["DATABASE_URL"] = databases.configuration(of: id).url
        environment["HTTP_HOST"] = "127.0.0.1"
        environment["HTTP_PORT"] = String(httpPort)
        environment["LOG_FORMAT"] = logFormat
        // A crashing child should die at once: the runtime's backtracer has been seen to hang for minutes
        // on a process that aborted inside librdkafka, holding up whoever waits for it to exit. Set
        // SWIFT_BACKTRACE in the caller's environment to get backtraces anyway.
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        if let logLevel { environment["LOG_LEVEL"] = logLevel }
        if !namespace.isEmpty { environment["TOPIC_PREFIX"] = namespace }
        func milliseconds(_ duration: Duration) -> String { String(Int((duration / .milliseconds(1)).rounded())) }
        if let consumerFetchWait { environment["KAFKA_FETCH_WAIT_MAX_MS"] = milliseconds(consumerFetchWait) }
        if let consumerSessionTimeout { environment["KAFKA_SESSION_TIMEOUT_MS"] = milliseconds(consumerSessionTimeout) }
        if id.role == .service {
            environment["GROUP_ID"] = groupID(of: id.service)
            environment["CLIENT_ID"] = "\(id.service.executable)-\(id.replica)"
        } else if id.role == .relay {
            environment["CLIENT_ID"] = "\(PipelineService.relayExecutable)-\(id.service.database)-\(id.replica)"
        }
        if id.role == .service, id.service == .payment, let providerPort {
            environment[PaymentProviderWiring.urlVariable] = PaymentProviderWiring.url(port: providerPort)
        }
        if id.role == .service, id.service == .order, let apiKey { environment["API_JWT_SECRET_FILE"] = apiKey.file.path }
        environment.merge(self.environment) { _, new in new }
        environment.merge(processEnvironment[id] ?? [:]) { _, new in new }
        return environment
    }
}
