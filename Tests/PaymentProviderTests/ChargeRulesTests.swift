@testable import PaymentProvider
import Testing

@Suite("Charge rules")
struct ChargeRulesTests {
    @Test func declineTokensAreDeclined() {
        #expect(ChargeRules.decide(token: "tok_decline_card", amount: 100, outstanding: 0) == .decline(.cardDeclined))
        #expect(ChargeRules.decide(token: "tok_decline", amount: 100, outstanding: 0) == .decline(.cardDeclined))
        #expect(ChargeRules.decide(token: "tok_visa_decline", amount: 100, outstanding: 0) == .authorize)
    }

    @Test func theCreditLimitIsInclusive() {
        #expect(ChargeRules.decide(token: "tok_visa", amount: 400_000, outstanding: 600_000) == .authorize)
        #expect(ChargeRules.decide(token: "tok_visa", amount: 400_001, outstanding: 600_000) == .decline(.creditLimitExceeded))
        #expect(ChargeRules.decide(token: "tok_visa", amount: 1_000_001, outstanding: 0) == .decline(.creditLimitExceeded))
    }

    @Test func anOverflowingTotalIsDeclinedNotCrashed() {
        #expect(ChargeRules.decide(token: "tok_visa", amount: Int64.max, outstanding: 1) == .decline(.creditLimitExceeded))
    }

    @Test func faultDrawsFollowTheRates() {
        var generator = SystemRandomNumberGenerator()
        let faults = FaultSwitch()
        #expect(faults.draw(using: &generator) == .proceed(after: .zero))
        faults.apply(FaultSettings(errorRate: 1))
        #expect(faults.draw(using: &generator) == .fail(after: .zero))
        faults.apply(FaultSettings(hangRate: 1))
        #expect(faults.draw(using: &generator) == .hang)
        faults.apply(FaultSettings(latencyMs: 200, jitterMs: 50))
        for _ in 0..<50 {
            guard case .proceed(let delay) = faults.draw(using: &generator) else { Issue.record("not a delay"); return }
            #expect(delay >= .milliseconds(150) && delay <= .milliseconds(250))
        }
        faults.apply(FaultSettings(downForMs: 60_000))
        #expect(faults.isDown)
        #expect(faults.current.downForMs > 50_000)
        faults.reset()
        #expect(!faults.isDown)
        #expect(faults.current == .healthy)
    }

    @Test func faultSettingsOutOfRangeAreNamed() {
        #expect(FaultSettings(errorRate: 1.5, hangRate: -1).problems.count == 2)
        #expect(FaultSettings(latencyMs: 200, jitterMs: 50, errorRate: 0.2, hangRate: 0.05, downForMs: 30_000).problems.isEmpty)
    }
}
