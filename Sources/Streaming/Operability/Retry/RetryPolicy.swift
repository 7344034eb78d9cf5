/// Exponential backoff with full jitter for transient failures.
///
/// Full jitter (a uniform delay between zero and the exponential ceiling) spreads retries of many
/// consumers that failed together, so they do not hit a recovering database in lockstep.
public struct RetryPolicy: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration
    /// Attempts at one message, the first try included, before it is given up (dead-lettered).
    public var maxAttempts: Int

    /// The defaults are those of the consumer settings (`RETRY_BASE_MS`, `RETRY_CAP_MS`, `RETRY_MAX_ATTEMPTS`).
    public init(
        base: Duration = ConsumerSettings.Variables.retryBase.defaultValue,
        cap: Duration = ConsumerSettings.Variables.retryCap.defaultValue,
        maxAttempts: Int = ConsumerSettings.Variables.retryMaxAttempts.defaultValue
    ) {
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
    }

    /// Whether another attempt is allowed after `attemptsMade` attempts have failed.
    public func allowsRetry(afterAttempts attemptsMade: Int) -> Bool {
        attemptsMade < maxAttempts
    }

    /// The largest delay retry number `attempt` (1-based) can get: min(cap, base * 2^(attempt-1)).
    public func ceiling(forAttempt attempt: Int) -> Duration {
        .nanoseconds(ceilingNanoseconds(forAttempt: attempt))
    }

    /// Delay before retry number `attempt` (1-based): random in [0, min(cap, base * 2^(attempt-1))].
    public func delay(forAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceilingNanoseconds(forAttempt: attempt)
        guard ceiling > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...ceiling, using: &generator))
    }

    public func delay(forAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(forAttempt: attempt, using: &generator)
    }

    private func ceilingNanoseconds(forAttempt attempt: Int) -> Int64 {
        let baseNs = Self.nanoseconds(base)
        let capNs = Self.nanoseconds(cap)
        // Past 62 doublings any positive base overflows Int64, so the cap applies anyway.
        let doublings = min(max(attempt, 1) - 1, 62)
        let (grown, overflow) = baseNs.multipliedReportingOverflow(by: Int64(1) << doublings)
        return overflow ? capNs : min(grown, capNs)
    }

    /// Whole nanoseconds, clamped to [0, Int64.max] so odd inputs never trap.
    private static func nanoseconds(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        let (sum, sumOverflow) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return sumOverflow ? .max : max(sum, 0)
    }
}
