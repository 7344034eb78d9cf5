/// Which new traces are recorded, as `OTEL_TRACES_SAMPLER` names it. A parent-based sampler follows the
/// decision that came with the parent (so a trace is recorded whole or not at all, whichever process
/// it passes through) and applies its own rule only to the spans that start a trace.
public struct TraceSampler: Sendable, Equatable {
    public var parentBased: Bool
    /// The share of new traces recorded, 0…1.
    public var ratio: Double

    public init(parentBased: Bool, ratio: Double) {
        self.parentBased = parentBased
        self.ratio = min(1, max(0, ratio))
    }

    /// Decided from the trace id, so every process that meets a trace without a parent decides alike.
    func samples(traceID: String, parent: TraceContext?) -> Bool {
        if parentBased, let parent { return parent.sampled }
        if ratio >= 1 { return true }
        if ratio <= 0 { return false }
        let lowBits = UInt64(traceID.suffix(16), radix: 16) ?? 0
        return lowBits < UInt64((ratio * 18_446_744_073_709_551_616.0).rounded(.down))
    }
}
