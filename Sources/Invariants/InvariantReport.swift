import OrderTraffic

/// What `PipelineInvariants` found: counts, and every violation with the order it concerns.
public struct InvariantReport: Sendable, CustomStringConvertible {
    public var checkedOrders = 0
    /// Per scenario, how many orders ended in each status ("missing" when the order service has no row).
    public var outcomes: [OrderScenario: [String: Int]] = [:]
    /// Placed orders per `order.placed` version the order service published.
    public var placedVersions: [Int: Int] = [:]
    public var emittedEvents = 0
    public var violations: [InvariantViolation] = []

    public var holds: Bool { violations.isEmpty }

    public init() {}

    public var description: String {
        var lines = ["\(checkedOrders) orders, \(emittedEvents) emitted events: " + (holds ? "every invariant holds" : "\(violations.count) violations")]
        for scenario in OrderScenario.allCases {
            guard let counts = outcomes[scenario] else { continue }
            lines.append("  \(scenario.rawValue): " + counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
        if !placedVersions.isEmpty {
            lines.append("  order.placed versions: " + placedVersions.sorted { $0.key < $1.key }.map { "v\($0.key)=\($0.value)" }.joined(separator: " "))
        }
        for violation in violations.prefix(40) { lines.append("  ✗ \(violation)") }
        if violations.count > 40 { lines.append("  … and \(violations.count - 40) more") }
        return lines.joined(separator: "\n")
    }
}

public struct InvariantViolation: Sendable, Hashable, CustomStringConvertible {
    public enum Rule: String, Sendable, Hashable {
        case outcome, pending, unexpectedOrder, stock, reservation, payment, compensation, shipment, notification
        case emitted, correlation, outbox
    }

    public var rule: Rule
    /// The order concerned, if one (the SKU for stock).
    public var subject: String?
    public var detail: String

    public init(_ rule: Rule, _ subject: String?, _ detail: String) {
        self.rule = rule
        self.subject = subject
        self.detail = detail
    }

    public var description: String { "[\(rule.rawValue)] \(subject.map { "\($0): " } ?? "")\(detail)" }
}
