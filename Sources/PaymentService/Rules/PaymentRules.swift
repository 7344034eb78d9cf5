import Events

/// Deterministic authorization rules, so a test (or a demo) can predict every outcome.
enum PaymentRules {
    /// Payment tokens starting with this are declined by the card network.
    static let declinePrefix = "tok_decline"
    /// Most a customer may have authorized and not refunded, in minor units.
    static let creditLimit: Int64 = 1_000_000

    enum Decision: Equatable {
        case authorize
        case decline(PaymentDeclined.Reason)
    }

    static func decide(token: String, amount: Int64, outstanding: Int64) -> Decision {
        if token.hasPrefix(declinePrefix) { return .decline(.cardDeclined) }
        let (total, overflow) = outstanding.addingReportingOverflow(amount)
        if overflow || total > creditLimit { return .decline(.creditLimitExceeded) }
        return .authorize
    }
}
