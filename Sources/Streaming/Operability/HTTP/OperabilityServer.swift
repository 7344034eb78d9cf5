import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP server every service runs beside its consumers: `/healthz`, `/readyz`, `/metrics`, plus
/// any routes the service adds through `configure`.
public struct OperabilityServer: Service {
    public let host: String
    public let port: Int
    public let metrics: StreamingMetrics
    public let readiness: ReadinessProbe
    private let logger: Logger
    private let configure: (@Sendable (Router<ServiceRequestContext>) -> Void)?
    private let binding = BoundPort()

    public init(
        host: String,
        port: Int,
        metrics: StreamingMetrics,
        readiness: [ReadinessCheck],
        logger: Logger,
        readinessTimeout: Duration = .seconds(2),
        warnings: [String] = [],
        details: @escaping @Sendable () -> [(name: String, value: String)] = { [] },
        configure: (@Sendable (Router<ServiceRequestContext>) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.metrics = metrics
        self.readiness = ReadinessProbe(checks: readiness, timeout: readinessTimeout, warnings: warnings, details: details)
        self.logger = logger
        self.configure = configure
    }

    /// Serves until cancelled or until graceful shutdown is triggered on the surrounding service group.
    public func run() async throws {
        binding.starting()
        defer { binding.stopped() }
        let router = Router(context: ServiceRequestContext.self)
        OperabilityRoutes(metrics: metrics, readiness: readiness).add(to: router)
        configure?(router)
        let binding = binding
        let requestedPort = port
        let logger = logger
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? requestedPort
                logger.info("HTTP server listening", metadata: ["port": .stringConvertible(port)])
                binding.bound(port)
            },
            logger: logger
        )
        try await app.run()
    }

    /// Port actually bound (port 0 = pick a free port). Waits for startup; 0 if the server stopped
    /// (or failed to bind) before listening.
    public var boundPort: Int {
        get async { await binding.value() }
    }
}
