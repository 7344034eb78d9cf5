import Foundation
import Hummingbird
import Logging
import Postgres
import Streaming

/// The provider's HTTP server on its database: migrations first, then the API until stopped.
public struct PaymentProviderServer: Sendable {
    public let database: PostgresConfiguration
    public let faults: FaultSwitch
    public let metrics: ProviderMetrics
    let logger: Logger

    public init(database: PostgresConfiguration, faults: FaultSwitch = FaultSwitch(), metrics: ProviderMetrics = ProviderMetrics(), logger: Logger) {
        self.database = database
        self.faults = faults
        self.metrics = metrics
        self.logger = logger
    }

    /// Brings the provider's tables up to date.
    public func migrate() async throws {
        let connection = try await PostgresConnection.connect(database, logger: logger)
        do {
            _ = try await Migrator(migrations: ProviderMigrations.all, table: ProviderMigrations.table).migrate(connection)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    /// The router with every route, for a server or a test client. `pool` must outlive it.
    public func router(pool: ConnectionPool) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        ProviderRoutes(ledger: ProviderLedger(pool: pool), faults: faults, metrics: metrics, logger: logger).add(to: router)
        return router
    }

    /// The application serving `router` on `host:port`, refusing API requests while the provider is down.
    public func application(
        host: String, port: Int, pool: ConnectionPool, onRunning: (@Sendable (Int) -> Void)? = nil
    ) -> some ApplicationProtocol {
        let faults = faults
        let metrics = metrics
        let logger = logger
        return Application(
            router: router(pool: pool),
            server: .http1(configuration: .init(additionalChannelHandlers: [RefuseWhileDown(faults: faults, metrics: metrics)])),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "payment-provider"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                logger.info("payment provider listening", metadata: ["port": "\(bound)"])
                onRunning?(bound)
            },
            logger: logger)
    }
}
