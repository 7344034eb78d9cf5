import Streaming
import Synchronization
import Testing

/// The breaker around calls, with a clock the test moves: its gate, its refusals and its metrics.
@Suite struct CircuitBreakerTests {
    struct Failed: Error {}

    final class ManualClock: Sendable {
        private let now = Mutex(ContinuousClock.now)
        func advance(_ by: Duration) { now.withLock { $0 += by } }
        var instant: ContinuousClock.Instant { now.withLock { $0 } }
    }

    static func verdict(_ result: Result<Int, any Error>) -> CallResult {
        if case .failure = result { return .failure }
        return .success
    }

    @Test func anOpenBreakerRefusesCallsHoldsTheGateAndShowsInTheMetrics() async throws {
        let clock = ManualClock()
        let metrics = StreamingMetrics(service: "breaker-test")
        let breaker = CircuitBreaker(
            name: "provider",
            configuration: CircuitBreakerConfiguration(slidingWindowSize: 4, minimumNumberOfCalls: 2,
                                                       waitDurationInOpenState: .seconds(10), permittedNumberOfCallsInHalfOpenState: 1),
            metrics: DependencyMetrics(metrics, dependency: "provider"), logLabel: "breaker-test", clock: { clock.instant })
        #expect(breaker.holdReason() == nil)
        for _ in 0..<2 {
            await #expect(throws: Failed.self) { try await breaker.run({ throw Failed() }, classify: Self.verdict) }
        }
        #expect(breaker.state == .open)
        #expect(breaker.holdReason() != nil)
        await #expect(throws: CallNotPermitted.self) { try await breaker.run({ 1 }, classify: Self.verdict) }
        let text = metrics.renderPrometheus()
        #expect(text.contains("orderflow_circuit_state{service=\"breaker-test\",dependency=\"provider\"} 2"), "\(text)")
        #expect(metrics.total(MetricNames.dependencyCalls, matching: "outcome=\"failure\"") == 2)
        #expect(metrics.total(MetricNames.dependencyCalls, matching: "outcome=\"not_permitted\"") == 1)

        clock.advance(.seconds(10))
        #expect(breaker.holdReason() == nil, "the gate lets go once probing may start")
        #expect(try await breaker.run({ 1 }, classify: Self.verdict) == 1)
        #expect(breaker.state == .closed)
        #expect(metrics.renderPrometheus().contains("orderflow_circuit_state{service=\"breaker-test\",dependency=\"provider\"} 0"))
        #expect(breaker.status.hasPrefix("closed"))
    }
}
