import Events

/// The customer-visible messages, one per step.
enum NotificationRules {
    static func confirmed(_ event: OrderConfirmed) -> String {
        "Your order \(event.orderId.uuidString.lowercased()) is confirmed: \(Money.format(event.totalAmount, event.currency))."
    }

    static func cancelled(_ event: OrderCancelled) -> String {
        let why = switch event.reason {
        case .paymentDeclined: "your payment was declined"
        case .outOfStock: "an item is out of stock"
        }
        return "Your order \(event.orderId.uuidString.lowercased()) was cancelled because \(why). Any payment is refunded."
    }

    static func shipped(_ event: ShipmentScheduled) -> String {
        "Your order \(event.orderId.uuidString.lowercased()) ships with \(event.carrier) on \(event.scheduledFor)."
    }
}

enum Money {
    /// Minor units as a decimal amount with the currency code; JPY-like currencies have no minor unit.
    static func format(_ minor: Int64, _ currency: String) -> String {
        if ["JPY", "KRW"].contains(currency) { return "\(minor) \(currency)" }
        let sign = minor < 0 ? "-" : ""
        let absolute = minor.magnitude
        let cents = absolute % 100
        return "\(sign)\(absolute / 100).\(cents < 10 ? "0" : "")\(cents) \(currency)"
    }
}
