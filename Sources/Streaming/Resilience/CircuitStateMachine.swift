/// The circuit breaker's rules as a value: no clock of its own, no locks, no I/O, so every transition
/// can be tested by feeding it calls and instants.
///
/// A call may name the request it makes (an idempotency key). The window then holds one place per
/// request: its tries (a client's retries, a parked message tried again) replace each other instead of
/// filling the window, so one request the dependency keeps failing (a poisoned order) reads as one
/// failure, not as the dependency going down, while an outage, which fails every request, still fills
/// the window within a few calls. In the half-open state a request probes once.
public struct CircuitStateMachine: Sendable {
    public let configuration: CircuitBreakerConfiguration
    public private(set) var state: CircuitState = .closed
    /// Outcomes of the last calls in the closed state (a ring), or of the probes in the half-open state.
    private var window: [Recorded] = []
    private var next = 0
    private var openedAt: ContinuousClock.Instant?
    private var probesPermitted = 0
    private var probingRequests: Set<String> = []

    private struct Recorded: Sendable {
        var failed: Bool
        var slow: Bool
        var request: String?
    }

    /// A change of state, and why.
    public struct Transition: Sendable, Equatable {
        public var from: CircuitState
        public var to: CircuitState
        public var reason: String
    }

    public init(configuration: CircuitBreakerConfiguration) {
        self.configuration = configuration
    }

    /// Whether a call may start now. In the open state this moves to half-open once the wait is over;
    /// in the half-open state it hands out the permitted probes, one per request, and refuses the rest.
    public mutating func acquirePermission(
        now: ContinuousClock.Instant, request: String? = nil
    ) -> (permitted: Bool, transition: Transition?) {
        var transition: Transition?
        if state == .open {
            guard let openedAt, now - openedAt >= configuration.waitDurationInOpenState else { return (false, nil) }
            transition = move(to: .halfOpen, reason: "the wait in the open state is over: probing")
        }
        switch state {
        case .closed:
            return (true, transition)
        case .halfOpen:
            guard probesPermitted < configuration.permittedNumberOfCallsInHalfOpenState else { return (false, transition) }
            if let request {
                guard probingRequests.insert(request).inserted else { return (false, transition) }
            }
            probesPermitted += 1
            return (true, transition)
        case .open:
            return (false, transition)
        }
    }

    /// Records how a permitted call ended. Calls that end after the state changed under them (started
    /// while closed, ending while open) do not count. A request already in the window takes its own
    /// place again.
    public mutating func record(
        _ result: CallResult, duration: Duration, now: ContinuousClock.Instant, request: String? = nil
    ) -> Transition? {
        let call = Recorded(failed: result == .failure, slow: duration >= configuration.slowCallDurationThreshold, request: request)
        switch state {
        case .open:
            return nil
        case .closed:
            if let request, let place = window.firstIndex(where: { $0.request == request }) {
                window[place] = call
            } else if window.count < configuration.slidingWindowSize {
                window.append(call)
            } else {
                window[next] = call
            }
            next = (next + 1) % configuration.slidingWindowSize
            guard window.count >= configuration.minimumNumberOfCalls, let reason = exceeded() else { return nil }
            openedAt = now
            return move(to: .open, reason: reason)
        case .halfOpen:
            window.append(call)
            // The probes decide together, once all of them have ended.
            guard window.count >= configuration.permittedNumberOfCallsInHalfOpenState else { return nil }
            if let reason = exceeded() {
                openedAt = now
                return move(to: .open, reason: "probe calls: " + reason)
            }
            return move(to: .closed, reason: "\(window.count) probe calls within the thresholds")
        }
    }

    /// The failure and slow-call rates of the window, in percent.
    public var rates: (failure: Double, slow: Double) {
        guard !window.isEmpty else { return (0, 0) }
        let count = Double(window.count)
        return (Double(window.filter(\.failed).count) * 100 / count, Double(window.filter(\.slow).count) * 100 / count)
    }

    /// When the open state ends (the first call after it is a probe).
    public var openUntil: ContinuousClock.Instant? {
        guard state == .open, let openedAt else { return nil }
        return openedAt + configuration.waitDurationInOpenState
    }

    private func exceeded() -> String? {
        let (failure, slow) = rates
        if failure >= configuration.failureRateThreshold {
            return "failure rate \(Int(failure.rounded()))% of \(window.count) calls reached \(Int(configuration.failureRateThreshold))%"
        }
        if slow >= configuration.slowCallRateThreshold {
            return "slow-call rate \(Int(slow.rounded()))% of \(window.count) calls reached \(Int(configuration.slowCallRateThreshold))%"
        }
        return nil
    }

    private mutating func move(to new: CircuitState, reason: String) -> Transition {
        let transition = Transition(from: state, to: new, reason: reason)
        state = new
        window = []
        next = 0
        probesPermitted = 0
        probingRequests = []
        if new != .open { openedAt = nil }
        return transition
    }
}
