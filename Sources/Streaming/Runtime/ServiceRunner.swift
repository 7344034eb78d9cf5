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
            environmentHelp(service: definition.name, summary: definition.summary, settings: settings(of: definition))
        } run: {
            try await run(definition)
        }
    }

    /// Every variable a service reads: the common ones, then its own.
    static func settings(of definition: ServiceDefinition) -> [any SettingDeclaration] {
        ServiceSettings.declarations(for: definition.identity) + definition.variables
    }

    public static func run(_ definition: ServiceDefinition) async throws {
        var reader = EnvironmentReader()
        let settings = ServiceSettings(from: &reader, for: definition.identity)
        for problem in definition.problems { reader.report(problem) }
        try reader.finish()
        let process = settings.process
        bootstrapLogging(service: definition.name, format: process.logFormat, level: process.logLevel)
        let logger = Logger(label: definition.name)
        let spanExport = try ProcessTracing.start(process.tracing, service: definition.name, instance: process.clientID, logger: logger)
        for warning in definition.warnings { logger.warning("\(warning)") }
        let database = try ProcessEntry.database(url: process.databaseURL)

        let metrics = definition.metrics ?? StreamingMetrics(service: definition.name)
        let startup = StartupWait(settings: process, metrics: metrics, logger: logger)
        let producer: KafkaProducer
        do {
            let connection = try await startup.database(database)
            try await RuntimeMigrations.migrate(connection, service: definition.migrations)
            await connection.close()
            producer = try KafkaProducer(configuration: process.producerConfiguration(), logger: logger)
            try await startup.kafka(producer, brokers: process.kafkaBrokers)
            await startup.finish()
        } catch {
            await startup.finish()
            throw error
        }

        let rebalances = RebalanceTracker()
        let consumer = try KafkaConsumer(
            configuration: process.consumerConfiguration(settings.consumer), logger: logger,
            onRebalance: { rebalances.handle($0) })
        let session = DatabaseSession(configuration: database, logger: logger)
        let probe = DatabaseSession(configuration: database, logger: logger)

        var loopConfiguration = ConsumerLoopConfiguration(
            service: definition.name, topics: definition.topics.map { process.topicPrefix + $0 }, settings: settings.consumer)
        loopConfiguration.exhaustedParked = definition.exhaustedParked
        let outbox = OutboxWriter(shards: settings.outboxShards)
        let loop = ConsumeLoop(
            configuration: loopConfiguration, consumer: consumer, rebalances: rebalances, database: session,
            deadLetters: DeadLetterPublisher(producer: producer, logger: logger), handlers: definition.handlers,
            outbox: outbox, metrics: metrics, gates: definition.gates, logger: logger)

        let resources = ServiceResources(settings: settings, database: database, metrics: metrics, outbox: outbox)
        let configure: (@Sendable (Router<ServiceRequestContext>) -> Void)?
        if let routes = definition.routes {
            configure = { router in routes(router, resources) }
        } else {
            configure = nil
        }
        let server = OperabilityServer(
            host: process.httpHost, port: process.httpPort, metrics: metrics,
            readiness: Readiness.checks(producer: producer, database: probe, rebalances: rebalances),
            logger: logger, warnings: definition.warnings,
            dependencies: definition.gates.map { gate in ReadinessDetail(name: gate.name) { gate.status } },
            details: { [loop] in loop.readinessDetails },
            configure: configure)

        let group = ServiceGroup(configuration: .init(
            services: spanExport + [
                .init(service: server, serviceName: "http"),
                .init(service: loop, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "consume-loop"),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger))
        try await group.run()
        await producer.close(timeout: process.shutdownTimeout)
        await session.close()
        await probe.close()
        logger.info("stopped")
    }
}

extension ConsumeLoop: Service {}
