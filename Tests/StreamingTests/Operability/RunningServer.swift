import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing

@testable import Streaming

enum RunningServerError: Error {
    case neverBound
}

/// Runs the server in a service group on a free port, hands a connected client to `body`, then shuts
/// the group down gracefully, so each test exercises the real listening server.
func withRunningServer(
    _ server: OperabilityServer,
    _ body: @escaping @Sendable (TestClient) async throws -> Void
) async throws {
    let group = ServiceGroup(services: [server], logger: Logger(label: "test"))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let port = await server.boundPort
        guard port > 0 else { throw RunningServerError.neverBound }
        do {
            try await TestClient.withClient(host: "127.0.0.1", port: port, operation: body)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

func makeServer(
    readiness: [ReadinessCheck] = [],
    metrics: StreamingMetrics = StreamingMetrics(service: "test-service"),
    readinessTimeout: Duration = .seconds(2),
    configure: (@Sendable (Router<ServiceRequestContext>) -> Void)? = nil
) -> OperabilityServer {
    var logger = Logger(label: "operability-test")
    logger.logLevel = .critical
    return OperabilityServer(
        host: "127.0.0.1", port: 0, metrics: metrics, readiness: readiness, logger: logger,
        readinessTimeout: readinessTimeout, configure: configure)
}

extension TestClient.Response {
    var text: String {
        body.map { String(buffer: $0) } ?? ""
    }
}

struct CheckFailure: Error, CustomStringConvertible {
    var description: String
}
