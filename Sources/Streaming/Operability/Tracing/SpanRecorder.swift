import Tracing

/// The tracer every process bootstraps when an OTLP endpoint is configured: W3C trace context in and
/// out (`traceparent`), the sampler's decision at each trace's first span, and every sampled span
/// handed to the export when it ends.
public struct SpanRecorder: Tracer {
    public typealias Span = RecordedSpan

    let sampler: TraceSampler
    let export: SpanExport

    init(sampler: TraceSampler, export: SpanExport) {
        self.sampler = sampler
        self.export = export
    }

    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> RecordedSpan {
        var context = context()
        let parent = context.traceContext
        let own: TraceContext
        if let parent {
            own = parent.child(sampled: sampler.samples(traceID: parent.traceID, parent: parent))
        } else {
            let traceID = TraceContext.newTraceID()
            own = TraceContext(traceID: traceID, spanID: TraceContext.newSpanID(), sampled: sampler.samples(traceID: traceID, parent: nil))
        }
        context.traceContext = own
        let export = self.export
        return RecordedSpan(
            operationName: operationName, kind: kind, context: context, parentSpanID: parent?.spanID,
            startNanoseconds: instant().nanosecondsSinceEpoch, isRecording: own.sampled,
            finished: { export.add($0) })
    }

    public func forceFlush() { export.flushSoon() }

    public func extract<Carrier, Extract>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract: Extractor, Extract.Carrier == Carrier {
        if let value = extractor.extract(key: "traceparent", from: carrier), let trace = TraceContext(traceparent: value) {
            context.traceContext = trace
        }
    }

    public func inject<Carrier, Inject>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject: Injector, Inject.Carrier == Carrier {
        if let trace = context.traceContext { injector.inject(trace.traceparent, forKey: "traceparent", into: &carrier) }
    }
}
