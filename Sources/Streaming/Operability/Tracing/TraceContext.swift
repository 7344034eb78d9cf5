import Tracing

/// One span's W3C trace context: the trace it belongs to, its own id, and whether the trace is
/// sampled. It travels as the `traceparent` header, in the CloudEvents distributed-tracing extension
/// of every envelope, and as the `traceparent` value of a `ServiceContext`.
public struct TraceContext: Sendable, Hashable {
    /// 32 lowercase hex digits, not all zero.
    public let traceID: String
    /// 16 lowercase hex digits, not all zero.
    public let spanID: String
    public let sampled: Bool

    init(traceID: String, spanID: String, sampled: Bool) {
        self.traceID = traceID
        self.spanID = spanID
        self.sampled = sampled
    }

    /// Reads a `traceparent` value (`00-<trace id>-<span id>-<flags>`). A later version is read by its
    /// first four fields, as the W3C recommendation asks; anything malformed is nil, and the receiver
    /// then starts a trace of its own.
    public init?(traceparent: String) {
        let fields = traceparent.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count >= 4, fields[0].count == 2, Self.isHex(fields[0]), fields[0] != "ff",
              fields[0] != "00" || fields.count == 4,
              fields[1].count == 32, Self.isHex(fields[1]), fields[1].contains(where: { $0 != "0" }),
              fields[2].count == 16, Self.isHex(fields[2]), fields[2].contains(where: { $0 != "0" }),
              fields[3].count == 2, let flags = UInt8(fields[3], radix: 16)
        else { return nil }
        self.init(traceID: fields[1].lowercased(), spanID: fields[2].lowercased(), sampled: flags & 1 == 1)
    }

    public var traceparent: String { "00-\(traceID)-\(spanID)-\(sampled ? "01" : "00")" }

    /// The context of a new span under this one: same trace, same sampling decision.
    func child(sampled: Bool) -> TraceContext {
        TraceContext(traceID: traceID, spanID: Self.newSpanID(), sampled: sampled)
    }

    static func newTraceID() -> String { hex(UInt64.random(in: 1...UInt64.max)) + hex(UInt64.random(in: .min ... .max)) }

    static func newSpanID() -> String { hex(UInt64.random(in: 1...UInt64.max)) }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    private static func isHex(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }
}

/// Where a `ServiceContext` holds the trace context of the span it belongs to.
enum TraceContextKey: ServiceContextKey {
    typealias Value = TraceContext
    static var nameOverride: String? { "traceparent" }
}

extension ServiceContext {
    /// The trace context of the current span, or of the remote parent an extraction found.
    public var traceContext: TraceContext? {
        get { self[TraceContextKey.self] }
        set { self[TraceContextKey.self] = newValue }
    }
}
