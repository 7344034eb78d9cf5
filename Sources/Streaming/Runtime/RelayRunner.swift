import Foundation
import Kafka
import Logging
import Postgres
import ServiceLifecycle

/// Runs an outbox relay process for one service database.
public enum RelayRunner {
    public static let name = "outbox-relay"
    static let defaultHTTPPort = 8090

    public static func main(arguments: [String] = CommandLine.arguments) async -> Never {
        await ProcessEntry.main(name: name, arguments: arguments) {
            environmentHelp(
                service: name,
                summary: "Publishes one service database's outbox to Kafka, in per-key order; run one or more per database.",
                variables: relayVariables)
        } run: {
            try await run()
        }
    }

    /// The relay reads the common variables except the consumer-only ones.
    static var relayVariables: [EnvironmentVariable] {
        let consumerOnly: Set<String> = ["GROUP_ID", "BATCH_SIZE", "BATCH_MAX_WAIT_MS", "RETRY_BASE_MS", "RETRY_CAP_MS", "RETRY_MAX_ATTEMPTS"]
        return ServiceConfiguration.variables(service: name, defaultHTTPPort: defaultHTTPPort)
            .filter { !consumerOnly.contains($0.name) } + RelayConfiguration.variables
    }

    static func run() async throws {
        let (service, relay) = try ProcessEntry.read({ () throws(ConfigurationError) in
            try ServiceConfiguration.fromEnvironment(service: name, defaultHTTPPort: defaultHTTPPort)
        }, { () throws(ConfigurationError) in
            try RelayConfiguration.fromEnvironment()
        })

        bootstrapLogging(service: name, format: service.logFormat, level: service.logLevel)
        let logger = Logger(label: name)
        let database = try ProcessEntry.database(url: service.databaseURL)
        // The relay works on the tables the service creates; making sure they exist lets relays start first.
        let connection = try await Startup.connect(database, logger: logger)
        try await Migrator(migrations: RuntimeMigrations.all, table: RuntimeMigrations.table, lockKey: RuntimeMigrations.lockKey)
            .migrate(connection)
        await connection.close()

        let producer = try KafkaProducer(configuration: KafkaSettings(service).producer(), logger: logger)
        let metrics = StreamingMetrics(service: name)
        var configuration = OutboxRelayConfiguration()
        configuration.shards = relay.shards
        configuration.batchSize = relay.batchSize
        configuration.maxBatchesInFlight = relay.maxBatchesInFlight
        configuration.pollInterval = relay.pollInterval
        configuration.outboxRetention = relay.outboxRetention
        configuration.processedEventsRetention = relay.processedEventsRetention
        let probe = DatabaseSession(configuration: database, logger: logger)
        let server = OperabilityServer(
            host: service.httpHost, port: service.httpPort, metrics: metrics,
            readiness: [
                ReadinessCheck(name: "kafka") { try await producer.checkConnection(timeout: .seconds(2)) },
                Readiness.database(probe),
            ],
            logger: logger)
        let relayService = OutboxRelay(
            configuration: configuration, database: database, producer: producer, metrics: metrics, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: server, serviceName: "http"),
                .init(service: relayService, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "outbox-relay"),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger))
        try await group.run()
        await producer.close(timeout: service.shutdownTimeout)
        await probe.close()
    }
}
