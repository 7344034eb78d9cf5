import Events
import OrderService

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
        case .paid: ExpectedOutcome(.shipped)
        case .declined: ExpectedOutcome(.cancelled, .paymentDeclined)
        case .outOfStock: ExpectedOutcome(.cancelled, .outOfStock)
        case .invalid: ExpectedOutcome(.rejected)
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

    init(_ status: OrderStatus, _ reason: OrderCancelled.Reason? = nil) {
        self.status = status.rawValue
        self.cancelReason = reason?.rawValue
    }
}
