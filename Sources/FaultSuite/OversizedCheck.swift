/// What became of the oversized poison value, checked apart from the rest: it is sent after everything
/// else has settled, followed by canary orders, so a consumer that chokes on it cannot spoil the other
/// figures.
public struct OversizedCheck: Sendable, Hashable {
    public var valueBytes: Int
    /// Whether a `too_large` dead letter of it reached the dead-letter topic.
    public var deadLettered = false
    public var canariesSent = 0
    public var canariesSettled = 0
    /// How long after the value the last canary settled (nil if some never did).
    public var canariesSettledAfter: Duration?

    public init(valueBytes: Int) { self.valueBytes = valueBytes }

    /// Why the check failed; nil when the value was dead-lettered and the service went on.
    public var problem: String? {
        var problems: [String] = []
        if !deadLettered { problems.append("the \(valueBytes)-byte value was never dead-lettered (too_large)") }
        if canariesSettled < canariesSent {
            problems.append("only \(canariesSettled) of \(canariesSent) orders sent after it settled: the consumer stopped at the oversized value")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }
}
