import Foundation
import Hummingbird
import Logging
import Postgres
import ServiceLifecycle
import Streaming

/// The `payment-provider` process: a payment provider simulator for development and tests.
public enum PaymentProviderRunner {
    public static let name = "payment-provider"
    static let summary = """
        A payment provider simulator: charges and refunds over HTTP, idempotent by Idempotency-Key, decided by \
        deterministic rules and kept in its own database; faults switched at run time through /admin/faults.
        """

    public static func main(arguments: [String] = CommandLine.arguments) async -> Never {
        await ProcessEntry.main(
            name: name, arguments: arguments,
            help: { environmentHelp(service: name, summary: summary, settings: ProviderSettings.Variables.all) },
            run: run)
    }

    static func run() async throws {
        var reader = EnvironmentReader()
        let settings = ProviderSettings(from: &reader)
        try reader.finish()
        let database = try ProcessEntry.database(url: settings.databaseURL)
        bootstrapLogging(service: name, format: settings.logFormat, level: settings.logLevel)
        let logger = Logger(label: name)
        let server = PaymentProviderServer(database: database, logger: logger)
        try await migrateWhenReachable(server, logger: logger)
        let pool = ConnectionPool(configuration: database, maxConnections: 8, logger: logger)
        let app = server.application(host: settings.httpHost, port: settings.httpPort, pool: pool)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: app, serviceName: name)],
            gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger))
        try await group.run()
        await pool.close()
        logger.info("stopped")
    }

    /// In a fresh stack the provider may start before Postgres accepts connections.
    private static func migrateWhenReachable(_ server: PaymentProviderServer, logger: Logger) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            do {
                try await server.migrate()
                return
            } catch let error as PostgresError where error.isRetryable && ContinuousClock.now < deadline {
                logger.info("waiting for the database", metadata: ["error": "\(error)"])
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
