/// When a circuit breaker opens and how it recovers, in Resilience4j's terms: a count-based sliding
/// window of the last `slidingWindowSize` calls; once it holds `minimumNumberOfCalls`, the breaker opens
/// when the share of failed calls reaches `failureRateThreshold` or the share of calls slower than
/// `slowCallDurationThreshold` reaches `slowCallRateThreshold`. It stays open for
/// `waitDurationInOpenState`, then lets `permittedNumberOfCallsInHalfOpenState` probe calls through,
/// whose rates decide between closing and opening again.
public struct CircuitBreakerConfiguration: Sendable, Equatable {
    /// Percent of failed calls that opens the breaker (1…100).
    public var failureRateThreshold: Double
    /// Percent of slow calls that opens the breaker (1…100).
    public var slowCallRateThreshold: Double
    public var slowCallDurationThreshold: Duration
    public var slidingWindowSize: Int
    public var minimumNumberOfCalls: Int
    public var waitDurationInOpenState: Duration
    public var permittedNumberOfCallsInHalfOpenState: Int

    public init(
        failureRateThreshold: Double = 50, slowCallRateThreshold: Double = 80,
        slowCallDurationThreshold: Duration = .seconds(1), slidingWindowSize: Int = 20, minimumNumberOfCalls: Int = 10,
        waitDurationInOpenState: Duration = .seconds(5), permittedNumberOfCallsInHalfOpenState: Int = 3
    ) {
        self.failureRateThreshold = failureRateThreshold
        self.slowCallRateThreshold = slowCallRateThreshold
        self.slowCallDurationThreshold = slowCallDurationThreshold
        self.slidingWindowSize = max(1, slidingWindowSize)
        self.minimumNumberOfCalls = max(1, min(minimumNumberOfCalls, self.slidingWindowSize))
        self.waitDurationInOpenState = waitDurationInOpenState
        self.permittedNumberOfCallsInHalfOpenState = max(1, permittedNumberOfCallsInHalfOpenState)
    }
}

/// Where a circuit breaker stands.
public enum CircuitState: String, Sendable, Equatable, CaseIterable {
    /// Calls go through; their outcomes fill the sliding window.
    case closed
    /// Calls are refused at once until the wait in the open state is over.
    case open
    /// A few probe calls go through; the others are refused.
    case halfOpen = "half_open"

    /// The value of `orderflow_circuit_state`: 0 closed, 1 half-open, 2 open, so that "> 0" means
    /// "not healthy" and "== 2" means "refusing every call".
    public var gaugeValue: Double {
        switch self {
        case .closed: 0
        case .halfOpen: 1
        case .open: 2
        }
    }
}

/// How one call to the dependency ended, as the breaker counts it.
public enum CallResult: Sendable, Equatable {
    /// An answer (a decline is an answer too).
    case success
    /// No usable answer: a timeout, a 5xx, a refused connection.
    case failure
}
