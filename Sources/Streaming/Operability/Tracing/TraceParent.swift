import Tracing

/// A span context as the W3C `traceparent` text the envelope, the outbox row and the record's header
/// carry, and back: through the process's instrument (swift-otel's W3C propagator when tracing is on),
/// so the text is always what the tracer itself writes and reads.
public enum TraceParent {
    public static let key = "traceparent"

    /// The `traceparent` of `context`'s span; nil when it holds none (or tracing is off).
    public static func of(_ context: ServiceContext, instrument: any Instrument = InstrumentationSystem.instrument) -> String? {
        var carrier: [String: String] = [:]
        instrument.inject(context, into: &carrier, using: DictionaryCarrier())
        return carrier[key]
    }

    /// A context whose span is the remote parent `traceparent` names; the top level when it is nil or
    /// does not parse (the span made under it then starts a trace).
    public static func context(_ traceparent: String?, instrument: any Instrument = InstrumentationSystem.instrument) -> ServiceContext {
        var context = ServiceContext.topLevel
        if let traceparent { instrument.extract([key: traceparent], into: &context, using: DictionaryCarrier()) }
        return context
    }
}

private struct DictionaryCarrier: Extractor, Injector {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}
