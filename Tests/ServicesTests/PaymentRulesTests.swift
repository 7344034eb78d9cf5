@testable import PaymentService
import Testing

@Suite("Payment rules")
struct PaymentRulesTests {
    @Test func declineTokensAreDeclined() {
        #expect(PaymentRules.decide(token: "tok_decline_card", amount: 100, outstanding: 0) == .decline(.cardDeclined))
        #expect(PaymentRules.decide(token: "tok_decline", amount: 100, outstanding: 0) == .decline(.cardDeclined))
        #expect(PaymentRules.decide(token: "tok_visa_decline", amount: 100, outstanding: 0) == .authorize)
    }

    @Test func theCreditLimitIsInclusive() {
        #expect(PaymentRules.decide(token: "tok_visa", amount: 400_000, outstanding: 600_000) == .authorize)
        #expect(PaymentRules.decide(token: "tok_visa", amount: 400_001, outstanding: 600_000) == .decline(.creditLimitExceeded))
        #expect(PaymentRules.decide(token: "tok_visa", amount: 1_000_001, outstanding: 0) == .decline(.creditLimitExceeded))
    }

    @Test func anOverflowingTotalIsDeclinedNotCrashed() {
        #expect(PaymentRules.decide(token: "tok_visa", amount: Int64.max, outstanding: 1) == .decline(.creditLimitExceeded))
    }
}
