import Synchronization

/// A token bucket per client: `rate` requests a second on average, `burst` at once after being idle.
///
/// Memory is bounded however many clients appear: at `capacity` clients, buckets that have refilled
/// (idle clients, indistinguishable from new ones) are dropped first, then the least recently seen.
final class RateLimiter: Sendable {
    struct Decision: Sendable, Equatable {
        var allowed: Bool
        /// Whole seconds until the next request would be allowed (0 when allowed).
        var retryAfter: Int
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let rate: Double
    let burst: Double
    let capacity: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    init(ratePerSecond: Int, burst: Int, capacity: Int = 10_000) {
        self.rate = Double(ratePerSecond)
        self.burst = Double(burst)
        self.capacity = max(capacity, 1)
    }

    var trackedClients: Int { buckets.withLock { $0.count } }

    func admit(_ client: String, now: ContinuousClock.Instant = .now) -> Decision {
        buckets.withLock { buckets in
            if buckets[client] == nil && buckets.count >= capacity {
                evict(from: &buckets, now: now)
            }
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + seconds(now - bucket.updated) * rate)
            bucket.updated = now
            defer { buckets[client] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return Decision(allowed: true, retryAfter: 0)
            }
            let wait = (1 - bucket.tokens) / rate
            return Decision(allowed: false, retryAfter: max(1, Int(wait.rounded(.up))))
        }
    }

    private func evict(from buckets: inout [String: Bucket], now: ContinuousClock.Instant) {
        let refill = burst / rate
        buckets = buckets.filter { seconds(now - $0.value.updated) < refill }
        if buckets.count >= capacity, let oldest = buckets.min(by: { $0.value.updated < $1.value.updated })?.key {
            buckets[oldest] = nil
        }
    }

    private func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) / 1e18
    }
}
