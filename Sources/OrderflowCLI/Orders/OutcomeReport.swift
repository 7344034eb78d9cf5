import Foundation
import OrderService
import OrderTraffic

/// The `--wait` verdict: outcomes per scenario, what did not match, and latency from the produce
/// acknowledgement to the terminal event.
struct OutcomeReport {
    struct Problem {
        var orderID: String
        var scenario: OrderScenario
        var detail: String
    }

    var counts: [OrderScenario: [String: Int]] = [:]
    var totals: [OrderScenario: Int] = [:]
    var settled = 0
    var asExpected = 0
    var unexpected: [Problem] = []
    var unsettled: [Problem] = []
    var latencies: [Double] = []

    static let unsettledLabel = "unsettled"

    /// Orders the order service already had before this run (their outcome is the recorded one).
    var alreadyKnown = 0

    init(orders: [ProducedOrders.Order], watcher: OutcomeWatcher, known: KnownOrders? = nil) {
        for order in orders where !order.failed {
            totals[order.scenario, default: 0] += 1
            if let summary = known?.summary(order.orderID) {
                alreadyKnown += 1
                record(known: summary, order)
                continue
            }
            let answered = order.answered.map { OutcomeWatcher.Seen(outcome: $0, at: order.ackedAt ?? .now) }
            guard let seen = answered ?? watcher.outcome(orderID: order.orderID, correlationID: order.correlationID) else {
                counts[order.scenario, default: [:]][Self.unsettledLabel, default: 0] += 1
                unsettled.append(Problem(orderID: order.orderID, scenario: order.scenario, detail: "no terminal event"))
                continue
            }
            settled += 1
            counts[order.scenario, default: [:]][seen.outcome.label, default: 0] += 1
            if seen.outcome.matches(order.scenario.expected) {
                asExpected += 1
            } else {
                unexpected.append(Problem(
                    orderID: order.orderID, scenario: order.scenario,
                    detail: "expected \(ObservedOutcome.label(order.scenario.expected)), got \(seen.outcome.label)"))
            }
            // An answer of the API itself has no latency to the pipeline worth reporting.
            if let acked = order.ackedAt, answered == nil {
                latencies.append(max(0, acked.duration(to: seen.at).seconds))
            }
        }
    }

    /// An order known before the run: its recorded outcome if it has one, else unsettled (nothing this
    /// run sent will move it).
    private mutating func record(known summary: OrderSummary, _ order: ProducedOrders.Order) {
        guard OrderStatus(rawValue: summary.status)?.isTerminal == true else {
            counts[order.scenario, default: [:]][Self.unsettledLabel, default: 0] += 1
            unsettled.append(Problem(
                orderID: order.orderID, scenario: order.scenario,
                detail: "already known to the order service (\(summary.status)); this run's request was ignored as a repeat"))
            return
        }
        let outcome = ObservedOutcome(status: summary.status, cancelReason: summary.cancelReason)
        settled += 1
        counts[order.scenario, default: [:]][outcome.label, default: 0] += 1
        if outcome.matches(order.scenario.expected) {
            asExpected += 1
        } else {
            unexpected.append(Problem(
                orderID: order.orderID, scenario: order.scenario,
                detail: "expected \(ObservedOutcome.label(order.scenario.expected)), recorded earlier as \(outcome.label)"))
        }
    }

    var isClean: Bool { unexpected.isEmpty && unsettled.isEmpty }

    func render() -> String {
        let expectedLabels = OrderScenario.allCases.map { ObservedOutcome.label($0.expected) }
        let seenLabels = Set(counts.values.flatMap(\.keys))
        let others = seenLabels.subtracting(expectedLabels + [Self.unsettledLabel]).sorted()
        var columns = expectedLabels.filter(seenLabels.contains) + others
        if seenLabels.contains(Self.unsettledLabel) { columns.append(Self.unsettledLabel) }
        var table = TextTable(["SCENARIO", "ORDERS", "EXPECTED"] + columns.map { $0.uppercased() },
                              alignments: [.left, .right, .left] + columns.map { _ in .right })
        for scenario in OrderScenario.allCases {
            guard let total = totals[scenario] else { continue }
            let row = counts[scenario] ?? [:]
            table.add([scenario.rawValue, String(total), ObservedOutcome.label(scenario.expected)]
                      + columns.map { String(row[$0] ?? 0) })
        }
        let total = totals.values.reduce(0, +)
        var lines = [
            table.render(),
            "",
            "\(asExpected)/\(total) as expected, \(unexpected.count) unexpected, \(unsettled.count) unsettled",
        ]
        if alreadyKnown > 0 {
            lines.append("\(alreadyKnown) already known from an earlier run: outcomes as the order database recorded them, not waited for")
        }
        if !latencies.isEmpty {
            let sorted = latencies.sorted()
            let parts = [("p50", 0.50), ("p95", 0.95), ("p99", 0.99)].map { name, quantile in
                "\(name) \(TimeText.duration(seconds: Self.percentile(sorted, quantile)))"
            }
            lines.append("latency ack -> terminal event: " + (parts + ["max \(TimeText.duration(seconds: sorted.last ?? 0))"]).joined(separator: "  "))
        }
        for problem in (unexpected + unsettled).prefix(5) {
            lines.append("  order \(problem.orderID) (\(problem.scenario.rawValue)): \(problem.detail)")
        }
        let hidden = unexpected.count + unsettled.count - 5
        if hidden > 0 { lines.append("  ... and \(hidden) more") }
        return lines.joined(separator: "\n")
    }

    /// Nearest-rank percentile of ascending values.
    static func percentile(_ sorted: [Double], _ quantile: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((quantile * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
