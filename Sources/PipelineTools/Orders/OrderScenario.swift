/// The outcomes a generated order is built to reach.
public enum OrderScenario: String, CaseIterable, Sendable, Hashable, Comparable {
    /// Valid, paid, in stock: ends shipped.
    case paid
    /// The card is declined: ends cancelled (payment_declined).
    case declined
    /// Asks for a sold-out SKU: ends cancelled (out_of_stock).
    case outOfStock = "out-of-stock"
    /// Breaks a business rule: ends rejected.
    case invalid

    public var expected: ExpectedOutcome {
        switch self {
        case .paid: ExpectedOutcome(status: "shipped", cancelReason: nil)
        case .declined: ExpectedOutcome(status: "cancelled", cancelReason: "payment_declined")
        case .outOfStock: ExpectedOutcome(status: "cancelled", cancelReason: "out_of_stock")
        case .invalid: ExpectedOutcome(status: "rejected", cancelReason: nil)
        }
    }

    public static func < (lhs: OrderScenario, rhs: OrderScenario) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The terminal state an order of a scenario must end in (the order service's `orders.status`).
public struct ExpectedOutcome: Sendable, Hashable {
    public var status: String
    public var cancelReason: String?
}
