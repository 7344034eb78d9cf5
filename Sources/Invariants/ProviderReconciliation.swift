import PaymentProvider

/// The payment provider's books against the pipeline's: every charge that went through belongs to one
/// order the payment service recorded as paid (authorized, or refunded since), one charge per order; a
/// charge is refunded exactly when its order was cancelled; a declined charge is a declined payment.
public enum ProviderReconciliation {
    public struct Tally: Sendable, Equatable {
        public var charged = 0
        public var refunded = 0
        public var declined = 0
        public var problems: [String] = []

        public var holds: Bool { problems.isEmpty }
    }

    /// `payments`: payment status per order id; `orders`: order status per order id (both as the
    /// services store them, lower-case ids).
    public static func check(charges: [ChargeView], payments: [String: String], orders: [String: String]) -> Tally {
        var tally = Tally()
        let byOrder = Dictionary(grouping: charges) { $0.reference.lowercased() }
        for (order, held) in byOrder.sorted(by: { $0.key < $1.key }) {
            let through = held.filter { $0.status != .declined }
            tally.charged += through.count
            tally.refunded += through.filter { $0.status == .refunded }.count
            tally.declined += held.count - through.count
            if through.count > 1 { tally.problems.append("order \(order) was charged \(through.count) times") }
            let payment = payments[order]
            let status = orders[order]
            if let charge = through.first {
                if payment != "authorized" && payment != "refunded" {
                    tally.problems.append("order \(order) was charged but its payment is \(payment ?? "not recorded")")
                }
                let cancelled = status == "cancelled"
                if cancelled && charge.status != .refunded {
                    tally.problems.append("order \(order) was cancelled but its charge was not refunded")
                }
                if !cancelled && charge.status == .refunded {
                    tally.problems.append("order \(order) is \(status ?? "missing") but its charge was refunded")
                }
                if (payment == "refunded") != (charge.status == .refunded) {
                    tally.problems.append("order \(order): payment \(payment ?? "none"), provider charge \(charge.status.rawValue)")
                }
            } else if payment == "authorized" || payment == "refunded" {
                tally.problems.append("order \(order)'s payment is \(payment ?? "") but the provider holds no charge for it")
            }
        }
        for (order, payment) in payments.sorted(by: { $0.key < $1.key })
        where (payment == "authorized" || payment == "refunded") && byOrder[order] == nil {
            tally.problems.append("order \(order)'s payment is \(payment) but the provider holds no charge for it")
        }
        return tally
    }
}
