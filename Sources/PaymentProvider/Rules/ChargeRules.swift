/// The provider's deterministic authorization rules, so a test (or a demo) can predict every outcome.
enum ChargeRules {
    /// Payment tokens starting with this are declined by the card network.
    static let declinePrefix = "tok_decline"
    /// Most a customer may have authorized and not refunded, in minor units.
    static let creditLimit: Int64 = 1_000_000

    enum Decision: Equatable, Sendable {
        case authorize
        case decline(DeclineReason)
    }

    static func decide(token: String, amount: Int64, outstanding: Int64) -> Decision {
        if token.hasPrefix(declinePrefix) { return .decline(.cardDeclined) }
        let (total, overflow) = outstanding.addingReportingOverflow(amount)
        if overflow || total > creditLimit { return .decline(.creditLimitExceeded) }
        return .authorize
    }
}

/// Why a charge was declined, in the words the API answers with.
public enum DeclineReason: String, Codable, Sendable, CaseIterable {
    case cardDeclined = "card_declined"
    case creditLimitExceeded = "credit_limit_exceeded"
}
