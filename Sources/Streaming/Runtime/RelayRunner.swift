import Foundation
import Kafka
import Logging
import Postgres
import ServiceLifecycle

/// Runs an outbox relay process for one service database.
public enum RelayRunner {
    public static let name = "outbox-relay"
    static let identity = ProcessIdentity(service: name, defaultHTTPPort: 8090)

    public static func main(arguments: [String] = CommandLine.arguments) async -> Never {
        await ProcessEntry.main(name: name, arguments: arguments) {
            environmentHelp(
                service: name,
                summary: "Publishes one service database's outbox to Kafka, in per-key order; run one or more per database.",
                settings: settings)
        } run: {
            try await run()
        }
    }

    /// The process basics and the relay's own settings.
    static var settings: [any SettingDeclaration] {
        ProcessSettings.Variables.all(for: identity) + RelaySettings.Variables.all
    }

    static func run() async throws {
        var reader = EnvironmentReader()
        let process = ProcessSettings(from: &reader, for: identity)
        let relay = RelaySettings(from: &reader)
        try reader.finish()

        bootstrapLogging(service: name, format: process.logFormat, level: process.logLevel)
        let logger = Logger(label: name)
        let spanExport = try ProcessTracing.start(process.tracing, service: name, instance: process.clientID, logger: logger)
        let database = try ProcessEntry.database(url: process.databaseURL)
        // The relay works on the tables the service creates; making sure they exist lets relays start first.
        let metrics = StreamingMetrics(service: name)
        let startup = StartupWait(settings: process, metrics: metrics, logger: logger)
        let producer: KafkaProducer
        do {
            let connection = try await startup.database(database)
            try await Migrator(migrations: RuntimeMigrations.all, table: RuntimeMigrations.table, lockKey: RuntimeMigrations.lockKey)
                .migrate(connection)
            await connection.close()
            producer = try KafkaProducer(configuration: process.producerConfiguration(), logger: logger)
            try await startup.kafka(producer, brokers: process.kafkaBrokers)
            await startup.finish()
        } catch {
            await startup.finish()
            throw error
        }
        // So the first rows after start are not held up while librdkafka learns their topics; a broker
        // not up yet is learned the slow way.
        do {
            try await producer.learnTopics(timeout: .seconds(5))
        } catch {
            logger.debug("topics not learned at start", metadata: ["error": "\(error)"])
        }
        let probe = DatabaseSession(configuration: database, logger: logger)
        let server = OperabilityServer(
            host: process.httpHost, port: process.httpPort, metrics: metrics,
            readiness: [
                ReadinessCheck(name: "kafka") { try await producer.checkConnection(timeout: .seconds(2)) },
                Readiness.database(probe),
            ],
            logger: logger)
        let relayService = OutboxRelay(
            settings: relay, topicPrefix: process.topicPrefix, database: database, producer: producer, metrics: metrics,
            logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: spanExport + [
                .init(service: server, serviceName: "http"),
                .init(service: relayService, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "outbox-relay"),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger))
        try await group.run()
        await producer.close(timeout: process.shutdownTimeout)
        await probe.close()
    }
}
