/// How badly the provider behaves, switched at run time through `PUT /admin/faults` (and
/// `orderflow dev psp`). All zero: a healthy provider.
public struct FaultSettings: Codable, Sendable, Equatable {
    /// Added to every API request before it is handled, in milliseconds.
    public var latencyMs: Int
    /// The added latency varies by up to this much either way, uniformly, in milliseconds.
    public var jitterMs: Int
    /// Share of API requests answered 503 without being carried out (0…1).
    public var errorRate: Double
    /// Share of API requests that never answer (until the faults are reset or `hangLimit` passes) (0…1).
    public var hangRate: Double
    /// Refuse every API request for this long from now, in milliseconds; the provider then recovers by
    /// itself. A GET answers how much of it is left.
    public var downForMs: Int
    /// Every charge and refund of this reference (orderflow: an order id) is answered 503 without being
    /// carried out, until the faults change: one customer's payments failing while everyone else's go
    /// through, the way a provider-side problem with one account or one transaction looks from outside.
    /// Absent from the JSON when not set, so older clients' settings still decode.
    public var failReference: String?

    public init(
        latencyMs: Int = 0, jitterMs: Int = 0, errorRate: Double = 0, hangRate: Double = 0, downForMs: Int = 0,
        failReference: String? = nil
    ) {
        self.latencyMs = latencyMs
        self.jitterMs = jitterMs
        self.errorRate = errorRate
        self.hangRate = hangRate
        self.downForMs = downForMs
        self.failReference = failReference
    }

    public static let healthy = FaultSettings()

    /// What is wrong with the values, if anything (the admin endpoint answers 400 with it).
    public var problems: [String] {
        var problems: [String] = []
        if latencyMs < 0 || latencyMs > 600_000 { problems.append("latencyMs must be between 0 and 600000") }
        if jitterMs < 0 || jitterMs > 600_000 { problems.append("jitterMs must be between 0 and 600000") }
        if !(0...1).contains(errorRate) { problems.append("errorRate must be between 0 and 1") }
        if !(0...1).contains(hangRate) { problems.append("hangRate must be between 0 and 1") }
        if downForMs < 0 || downForMs > 86_400_000 { problems.append("downForMs must be between 0 and 86400000") }
        if let failReference, failReference.isEmpty || failReference.count > 255 {
            problems.append("failReference must be 1 to 255 characters")
        }
        return problems
    }
}
