import Foundation
import Kafka
import Logging
import Postgres
import ServiceLifecycle
import Synchronization

/// The start of a process, before it can do its work: it waits for its database and for Kafka,
/// retrying with exponential backoff and logging every retry, while a small HTTP server answers
/// `/healthz` (alive) and `/readyz` (503, naming what it waits for and why) so an orchestrator sees a
/// live process that is not ready yet. After `STARTUP_TIMEOUT_MS` it gives up with
/// `StartupTimedOut` (exit status 3), so the orchestrator restarts it or a person looks.
final class StartupWait: Sendable {
    private let limit: Duration
    private let started = ContinuousClock.now
    private let logger: Logger
    private let waitingFor: StartupReason
    private let probe: OperabilityServer
    /// The waiting server, started at the first failed attempt (a process whose dependencies answer at
    /// once never opens it).
    private let serving = Mutex<(group: ServiceGroup, run: Task<Void, any Error>)?>(nil)

    /// Retries start at 200 ms and double up to 5 s.
    static let firstDelay = Duration.milliseconds(200)
    static let longestDelay = Duration.seconds(5)

    init(settings: ProcessSettings, metrics: StreamingMetrics, logger: Logger) {
        self.limit = settings.startupTimeout
        self.logger = logger
        let reason = StartupReason()
        self.waitingFor = reason
        probe = OperabilityServer(
            host: settings.httpHost, port: settings.httpPort, metrics: metrics,
            readiness: [ReadinessCheck(name: "startup") { throw ReadinessFailure(reason.text) }],
            logger: logger)
    }

    private func serveWhileWaiting() {
        serving.withLock { serving in
            guard serving == nil else { return }
            let group = ServiceGroup(configuration: .init(
                services: [.init(service: probe, serviceName: "startup-http")], gracefulShutdownSignals: [],
                cancellationSignals: [], logger: logger))
            serving = (group, Task { try await group.run() })
        }
    }

    /// Stops the waiting server (if it runs) and returns once its port is free for the process's own server.
    func finish() async {
        guard let serving = serving.withLock({ $0 }) else { return }
        await serving.group.triggerGracefulShutdown()
        _ = await serving.run.result
    }

    /// Connects to the database, retrying what may pass (refused, unreachable, starting up); a wrong
    /// password or a missing database fails at once.
    func database(_ configuration: PostgresConfiguration) async throws -> PostgresConnection {
        try await until("the database \(configuration.redactedURL)") { () async throws -> Attempt<PostgresConnection> in
            do {
                return .done(try await PostgresConnection.connect(configuration, logger: logger))
            } catch let error as PostgresError {
                guard error.isRetryable else { throw error }
                return .retry("\(error)")
            }
        }
    }

    /// Waits until a broker answers a metadata request.
    func kafka(_ producer: KafkaProducer, brokers: String) async throws {
        try await until("Kafka at \(brokers)") { () async throws -> Attempt<Void> in
            do {
                try await producer.checkConnection(timeout: .seconds(2))
                return .done(())
            } catch {
                return .retry("\(error)")
            }
        }
    }

    enum Attempt<T> {
        case done(T)
        case retry(String)
    }

    private func until<T>(_ dependency: String, _ attempt: () async throws -> Attempt<T>) async throws -> T {
        var delay = Self.firstDelay
        var count = 0
        while true {
            count += 1
            let problem: String
            switch try await attempt() {
            case .done(let value):
                if count > 1 { logger.info("reached \(dependency)", metadata: ["attempts": "\(count)"]) }
                return value
            case .retry(let reason):
                problem = reason
            }
            let waited = started.duration(to: .now)
            if limit > .zero && waited + delay > limit {
                logger.error("giving up waiting for \(dependency)", metadata: ["attempts": "\(count)", "error": "\(problem)"])
                throw StartupTimedOut(dependency: dependency, waited: waited, attempts: count, lastProblem: problem)
            }
            waitingFor.text = "waiting for \(dependency) (attempt \(count) failed: \(problem))"
            serveWhileWaiting()
            logger.warning(
                "waiting for \(dependency)",
                metadata: ["attempt": "\(count)", "retry_in_ms": "\(delay.wholeMilliseconds)", "error": "\(problem)"])
            try await Task.sleep(for: delay)
            delay = min(delay * 2, Self.longestDelay)
        }
    }
}

/// A dependency did not become reachable within `STARTUP_TIMEOUT_MS`.
struct StartupTimedOut: Error, CustomStringConvertible {
    var dependency: String
    var waited: Duration
    var attempts: Int
    var lastProblem: String

    var description: String {
        "gave up waiting for \(dependency) after \(waited.wholeMilliseconds / 1000) s and \(attempts) attempts "
            + "(last: \(lastProblem)); \(ProcessSettings.Variables.startupTimeout.name) sets how long to wait"
    }
}

/// What `/readyz` says while the process waits.
private final class StartupReason: Sendable {
    private let state = Mutex("starting")

    var text: String {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
