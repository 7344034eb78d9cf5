import Foundation

extension ParkedKeyCheck {
    /// The report's lines about the parked key.
    var reportLines: [String] {
        let parkedText = parked.map { "\($0.offset) \($0.eventType) (" + ($0.attempts > 0 ? "\($0.attempts) attempts" : "behind") + ")" }
        var lines = [
            "  parked key \(orderID): parked at offsets \(parkedText.joined(separator: ", "))",
            "    handled by the payment service as \(handledTypes.joined(separator: " → ")): "
                + (handledInOffsetOrder ? "in offset order" : "NOT in offset order"),
            "    drained " + (settledAfterHeal.map { "\(FaultFormat.seconds($0)) after the heal" } ?? "never"),
        ]
        if let before, let whileParked, let bound = latencyBound {
            lines.append(String(
                format: "    other keys' saga p99: %.0f ms before (%d orders, p50 %.0f ms), "
                    + "%.0f ms while parked (%d orders, p50 %.0f ms): %.2f×; bound %.0f ms",
                before.p99 * 1000, before.orders, before.p50 * 1000, whileParked.p99 * 1000, whileParked.orders, whileParked.p50 * 1000,
                latencyRatio ?? 0, bound * 1000))
        }
        return lines
    }
}
