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
        if arguments.contains("--help") || arguments.contains("-h") {
            print(environmentHelp(
                service: definition.name, summary: definition.summary,
                variables: ServiceConfiguration.variables(service: definition.name, defaultHTTPPort: definition.defaultHTTPPort)
                    + [RelayConfiguration.outboxShards] + definition.variables))
            exit(0)
        }
        do {
            try await run(definition)
            exit(0)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("\(definition.name): invalid configuration\n\(error)\n".utf8))
            exit(2)
        } catch {
            FileHandle.standardError.write(Data("\(definition.name): \(error)\n".utf8))
            exit(1)
        }
    }

    public static func run(_ definition: ServiceDefinition) async throws {
        let configuration: ServiceConfiguration
        var shardReader = EnvironmentReader()
        let outboxShards = shardReader.int(RelayConfiguration.outboxShards, range: 1...1024)
        let ownProblems = definition.problems + shardReader.problems
        do {
            configuration = try ServiceConfiguration.fromEnvironment(
                service: definition.name, defaultHTTPPort: definition.defaultHTTPPort)
        } catch {
            throw ConfigurationError(problems: error.problems + ownProblems)
        }
        guard ownProblems.isEmpty else { throw ConfigurationError(problems: ownProblems) }
        bootstrapLogging(service: definition.name, format: configuration.logFormat, level: configuration.logLevel)
        let logger = Logger(label: definition.name)
        let database: PostgresConfiguration
        do {
            database = try PostgresConfiguration(url: configuration.databaseURL)
        } catch {
            throw ConfigurationError(problems: ["DATABASE_URL: \(error)"])
        }

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
}

extension ConsumeLoop: Service {}
