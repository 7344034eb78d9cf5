import Foundation
import Hummingbird
import Kafka
import Logging
import Postgres
import ServiceLifecycle

/// Runs a service process: configuration from the environment, migrations, the consume loop, the
/// HTTP endpoints, and graceful shutdown on SIGTERM/SIGINT. Exits non-zero with one clear message when
/// it cannot start.
public enum ServiceRunner {
    public static func main(_ definition: ServiceDefinition, arguments: [String] = CommandLine.arguments) async -> Never {
        await ProcessEntry.main(name: definition.name, arguments: arguments) {
            environmentHelp(
                service: definition.name, summary: definition.summary,
                variables: ServiceConfiguration.variables(service: definition.name, defaultHTTPPort: definition.defaultHTTPPort)
                    + [RelayConfiguration.outboxShards] + definition.variables)
        } run: {
            try await run(definition)
        }
    }

    public static func run(_ definition: ServiceDefinition) async throws {
        let (configuration, outboxShards) = try ProcessEntry.read({ () throws(ConfigurationError) in
            try ServiceConfiguration.fromEnvironment(service: definition.name, defaultHTTPPort: definition.defaultHTTPPort)
        }, { () throws(ConfigurationError) in
            try Self.outboxShards(definition)
        })
        bootstrapLogging(service: definition.name, format: configuration.logFormat, level: configuration.logLevel)
        let logger = Logger(label: definition.name)
        let database = try ProcessEntry.database(url: configuration.databaseURL)

        let connection = try await Startup.connect(database, logger: logger)
        try await RuntimeMigrations.migrate(connection, service: definition.migrations)
        await connection.close()

        let kafka = KafkaSettings(configuration)
        let producer = try KafkaProducer(configuration: kafka.producer(), logger: logger)
        let rebalances = RebalanceTracker()
        let consumer = try KafkaConsumer(
            configuration: kafka.consumer(groupID: configuration.groupID), logger: logger,
            onRebalance: { rebalances.handle($0) })
        let metrics = StreamingMetrics(service: definition.name)
        let session = DatabaseSession(configuration: database, logger: logger)
        let probe = DatabaseSession(configuration: database, logger: logger)

        var loopConfiguration = ConsumerLoopConfiguration(
            service: definition.name, groupID: configuration.groupID, topics: definition.topics)
        loopConfiguration.batchSize = configuration.batchSize
        loopConfiguration.batchMaxWait = configuration.batchMaxWait
        loopConfiguration.retry = configuration.retry
        let outbox = OutboxWriter(shards: outboxShards)
        let loop = ConsumeLoop(
            configuration: loopConfiguration, consumer: consumer, rebalances: rebalances, database: session,
            deadLetters: DeadLetterPublisher(producer: producer, logger: logger), handlers: definition.handlers,
            outbox: outbox, metrics: metrics, logger: logger)

        let resources = ServiceResources(configuration: configuration, database: database, metrics: metrics, outbox: outbox)
        let configure: (@Sendable (Router<BasicRequestContext>) -> Void)?
        if let routes = definition.routes {
            configure = { router in routes(router, resources) }
        } else {
            configure = nil
        }
        let server = OperabilityServer(
            host: configuration.httpHost, port: configuration.httpPort, metrics: metrics,
            readiness: Readiness.checks(producer: producer, database: probe, rebalances: rebalances),
            logger: logger, configure: configure)

        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: server, serviceName: "http"),
                .init(service: loop, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "consume-loop"),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger))
        try await group.run()
        await producer.close(timeout: configuration.shutdownTimeout)
        await session.close()
        await probe.close()
        logger.info("stopped")
    }

    /// OUTBOX_SHARDS (the relays read it too: both sides must agree), checked with the service's own variables.
    static func outboxShards(_ definition: ServiceDefinition) throws(ConfigurationError) -> Int {
        var reader = EnvironmentReader()
        let shards = reader.int(RelayConfiguration.outboxShards, range: 1...1024)
        let problems = definition.problems + reader.problems
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return shards
    }
}

extension ConsumeLoop: Service {}
