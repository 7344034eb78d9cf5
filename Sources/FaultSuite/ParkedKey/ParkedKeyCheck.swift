import Foundation

/// What the parked-key scenario found beyond the checks every scenario ends with: whether the poisoned key
/// parked (with a later event of it queued behind), whether the payment service handled its events in
/// their offset order once healed, how long it took to drain, and whether the other keys kept their pace.
public struct ParkedKeyCheck: Sendable, Hashable {
    /// One parked message of the key, in offset order.
    public struct Parked: Sendable, Hashable {
        public var offset: Int64
        public var eventType: String
        public var attempts: Int
    }

    /// Saga latencies (placed → confirmed or cancelled) of one stretch of the run.
    public struct Latency: Sendable, Hashable {
        public var orders: Int
        public var p50: TimeInterval
        public var p99: TimeInterval

        /// Nearest-rank percentiles of the durations; nil without any.
        init?(_ durations: [TimeInterval]) {
            guard !durations.isEmpty else { return nil }
            let sorted = durations.sorted()
            func rank(_ quantile: Double) -> TimeInterval { sorted[max(0, Int((quantile * Double(sorted.count)).rounded(.up)) - 1)] }
            orders = sorted.count
            p50 = rank(0.5)
            p99 = rank(0.99)
        }
    }

    /// The other keys pass when their p99 while the key is parked stays within this many times their p99
    /// before it, plus `latencySlack`: a 2-core machine shared with other work moves a p99 of a few hundred
    /// milliseconds by a tenth of a second without any fault, while a key blocking its partition holds its
    /// neighbours back for the whole fault (seconds).
    public static let latencyFactor = 1.5
    public static let latencySlack: TimeInterval = 0.25
    /// Fewer orders than this in either stretch make the comparison meaningless.
    public static let minimumOrders = 20

    public var orderID: String
    public var parked: [Parked] = []
    /// Event types of the key in the order the payment service handled them (from its dedupe record).
    public var handledTypes: [String] = []
    public var handledInOffsetOrder = false
    public var settledAfterHeal: Duration?
    public var before: Latency?
    public var whileParked: Latency?
    /// Problems met while watching or reading (the database unreachable, a heal that never drained).
    public var notes: [String] = []

    public init(orderID: String) { self.orderID = orderID }

    /// p99 while parked over p99 before.
    public var latencyRatio: Double? {
        guard let before, let whileParked, before.p99 > 0 else { return nil }
        return whileParked.p99 / before.p99
    }

    public var latencyBound: TimeInterval? { before.map { $0.p99 * Self.latencyFactor + Self.latencySlack } }

    /// Why the check failed; nil when it held.
    public var problem: String? {
        var problems = notes
        if parked.isEmpty {
            problems.append("order \(orderID) never parked in the payment service")
        } else if parked.count < 2 {
            problems.append("no later event of order \(orderID) queued behind its parked order.placed, so its order was not put to the test")
        } else if !handledInOffsetOrder {
            problems.append("order \(orderID)'s events were handled as \(handledTypes), not in their offset order \(parked.map(\.eventType))")
        }
        if settledAfterHeal == nil { problems.append("order \(orderID)'s key never drained after the heal") }
        if let before, let whileParked, let bound = latencyBound {
            if before.orders < Self.minimumOrders || whileParked.orders < Self.minimumOrders {
                problems.append("too few orders to compare latencies (\(before.orders) before, \(whileParked.orders) while parked)")
            } else if whileParked.p99 > bound {
                problems.append(String(
                    format: "other keys' saga p99 while the key was parked %.0f ms, over the bound %.0f ms (%.1f × %.0f ms + %.0f ms)",
                    whileParked.p99 * 1000, bound * 1000, Self.latencyFactor, before.p99 * 1000, Self.latencySlack * 1000))
            }
        } else {
            problems.append("no saga latencies to compare")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }
}
