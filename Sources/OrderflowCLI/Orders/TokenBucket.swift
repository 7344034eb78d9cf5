/// Rate limiting for `orders produce`: tokens refill at `rate` per second up to `capacity`; each order
/// takes one. `rate == nil` never limits.
struct TokenBucket {
    let rate: Double?
    let capacity: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    init(rate: Double?, now: ContinuousClock.Instant) {
        self.rate = rate
        // A fifth of a second's worth keeps batches efficient and absorbs sleep overshoot without
        // bursting noticeably.
        capacity = rate.map { max(1, $0 / 5) } ?? .infinity
        tokens = rate == nil ? .infinity : 1
        last = now
    }

    /// Takes as many tokens as are available, up to `wanted`.
    mutating func take(upTo wanted: Int, now: ContinuousClock.Instant) -> Int {
        guard let rate else { return wanted }
        let elapsed = last.duration(to: now).seconds
        tokens = min(capacity, tokens + elapsed * rate)
        last = now
        let granted = min(wanted, Int(tokens))
        tokens -= Double(granted)
        return max(0, granted)
    }

    /// How long until one token is available.
    var waitForNext: Duration {
        guard let rate, tokens < 1 else { return .zero }
        return .milliseconds(Int64(((1 - tokens) / rate * 1000).rounded(.up)))
    }
}
