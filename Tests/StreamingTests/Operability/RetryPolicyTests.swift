import TestSupport
import Testing

@testable import Streaming

@Suite("RetryPolicy")
struct RetryPolicyTests {
    let policy = RetryPolicy(base: .milliseconds(100), cap: .seconds(10), maxAttempts: 8)

    @Test func ceilingDoublesPerAttemptUntilTheCap() {
        #expect(policy.ceiling(forAttempt: 1) == .milliseconds(100))
        #expect(policy.ceiling(forAttempt: 2) == .milliseconds(200))
        #expect(policy.ceiling(forAttempt: 3) == .milliseconds(400))
        #expect(policy.ceiling(forAttempt: 7) == .milliseconds(6400))
        #expect(policy.ceiling(forAttempt: 8) == .seconds(10))
        #expect(policy.ceiling(forAttempt: 500) == .seconds(10))
        #expect(policy.ceiling(forAttempt: Int.max) == .seconds(10))
        #expect(policy.ceiling(forAttempt: 0) == .milliseconds(100))
        #expect(policy.ceiling(forAttempt: -4) == .milliseconds(100))
    }

    @Test func delaysStayWithinZeroAndTheCeiling() {
        var generator = SeededGenerator(seed: 42)
        for attempt in 1...40 {
            let ceiling = policy.ceiling(forAttempt: attempt)
            for _ in 0..<50 {
                let delay = policy.delay(forAttempt: attempt, using: &generator)
                #expect(delay >= .zero && delay <= ceiling, "attempt \(attempt): \(delay) outside [0, \(ceiling)]")
            }
        }
    }

    @Test func jitterSpreadsAcrossTheWholeRange() {
        var generator = SeededGenerator(seed: 7)
        let ceiling = policy.ceiling(forAttempt: 4)
        let delays = (0..<400).map { _ in policy.delay(forAttempt: 4, using: &generator) }
        // Full jitter: values land in both the bottom and the top fifth, not clustered at the ceiling.
        #expect(delays.contains { $0 < ceiling / 5 })
        #expect(delays.contains { $0 > ceiling * 4 / 5 })
        #expect(Set(delays).count > 300)
    }

    @Test func sameSeedGivesSameDelays() {
        var first = SeededGenerator(seed: 99)
        var second = SeededGenerator(seed: 99)
        let a = (1...10).map { policy.delay(forAttempt: $0, using: &first) }
        let b = (1...10).map { policy.delay(forAttempt: $0, using: &second) }
        #expect(a == b)
    }

    @Test func averageDelayGrowsWithAttempt() {
        var generator = SeededGenerator(seed: 1)
        func mean(_ attempt: Int) -> Double {
            let total = (0..<300).reduce(Duration.zero) { sum, _ in sum + policy.delay(forAttempt: attempt, using: &generator) }
            return Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        }
        let means = (1...6).map(mean)
        for (earlier, later) in zip(means, means.dropFirst()) {
            #expect(later > earlier * 1.5)
        }
    }

    @Test func attemptsAreLimited() {
        #expect(policy.allowsRetry(afterAttempts: 7))
        #expect(!policy.allowsRetry(afterAttempts: 8))
    }

    @Test func systemRandomDelayIsBounded() {
        let delay = RetryPolicy(base: .milliseconds(10), cap: .milliseconds(15)).delay(forAttempt: 3)
        #expect(delay >= .zero && delay <= .milliseconds(15))
    }

    @Test func zeroBaseNeverWaits() {
        var generator = SeededGenerator(seed: 3)
        #expect(RetryPolicy(base: .zero, cap: .seconds(1)).delay(forAttempt: 5, using: &generator) == .zero)
    }
}
