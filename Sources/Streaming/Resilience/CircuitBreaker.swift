import Logging
import Synchronization

/// A circuit breaker around the calls to one dependency (`CircuitStateMachine` holds its rules). Every
/// change of state is logged and shows in `orderflow_circuit_state`; as a `ConsumeGate` it holds the
/// consume loop while open, so the messages wait instead of failing.
public final class CircuitBreaker: ConsumeGate, Sendable {
    public let name: String
    private let machine: Mutex<CircuitStateMachine>
    private let clock: @Sendable () -> ContinuousClock.Instant
    /// The label of the logger its changes of state are logged with; made when logging, so a breaker built
    /// before the process set its logging up still logs the process's way.
    private let logLabel: String
    private let metrics: DependencyMetrics?

    public init(
        name: String, configuration: CircuitBreakerConfiguration, metrics: DependencyMetrics? = nil, logLabel: String,
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.name = name
        self.machine = Mutex(CircuitStateMachine(configuration: configuration))
        self.clock = clock
        self.logLabel = logLabel
        self.metrics = metrics
        metrics?.setState(.closed)
    }

    public var state: CircuitState { machine.withLock { $0.state } }

    /// Runs `body` when the breaker permits a call and records how it ended (`classify` tells a failure
    /// from an answer); throws `CallNotPermitted` without calling when it does not. `request` names what
    /// the call asks for (an idempotency key), so that its tries count as one request.
    public func run<T>(
        request: String? = nil, _ body: () async throws -> T, classify: (Result<T, any Error>) -> CallResult
    ) async throws -> T {
        let (permitted, transition) = machine.withLock { $0.acquirePermission(now: clock(), request: request) }
        announce(transition)
        guard permitted else {
            metrics?.call(outcome: "not_permitted")
            throw CallNotPermitted(dependency: name, state: state)
        }
        let started = ContinuousClock.now
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        let duration = ContinuousClock.now - started
        let verdict = classify(result)
        metrics?.call(outcome: verdict == .success ? "success" : "failure", duration: duration)
        let change = machine.withLock { $0.record(verdict, duration: duration, now: clock(), request: request) }
        announce(change)
        return try result.get()
    }

    public func holdReason() -> String? {
        let now = clock()
        return machine.withLock { machine in
            guard machine.state == .open, let until = machine.openUntil, now < until else { return nil }
            return "circuit breaker \(name) is open"
        }
    }

    public var status: String {
        machine.withLock { machine in
            let (failure, slow) = machine.rates
            switch machine.state {
            case .closed: return "closed (failure rate \(Int(failure.rounded()))%, slow-call rate \(Int(slow.rounded()))%)"
            case .halfOpen: return "half_open: probing"
            case .open: return "open: calls refused, consumption paused"
            }
        }
    }

    private func announce(_ transition: CircuitStateMachine.Transition?) {
        guard let transition else { return }
        metrics?.setState(transition.to)
        let level: Logger.Level = transition.to == .open ? .warning : .notice
        Logger(label: logLabel).log(level: level, "circuit breaker \(transition.to.rawValue)", metadata: [
            "dependency": "\(name)", "from": "\(transition.from.rawValue)", "to": "\(transition.to.rawValue)",
            "reason": "\(transition.reason)",
        ])
    }
}

/// A call the breaker refused (open, or half-open with every probe out).
public struct CallNotPermitted: Error, Sendable, CustomStringConvertible {
    public var dependency: String
    public var state: CircuitState

    public var description: String { "circuit breaker \(dependency) is \(state.rawValue): call not permitted" }
}
