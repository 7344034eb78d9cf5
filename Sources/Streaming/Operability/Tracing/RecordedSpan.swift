import Synchronization
import Tracing

/// A span of this process. A sampled one is handed to the export when it ends; one that is not
/// sampled records nothing but still carries its context, so the decision travels on with the trace.
public final class RecordedSpan: Span, Sendable {
    public let context: ServiceContext
    let kind: SpanKind
    let parentSpanID: String?
    let startNanoseconds: UInt64
    public let isRecording: Bool
    private let state: Mutex<State>
    private let finished: @Sendable (FinishedSpan) -> Void

    struct State {
        var operationName: String
        var attributes: SpanAttributes = [:]
        var status: SpanStatus?
        var events: [SpanEvent] = []
        var links: [SpanLink] = []
        var ended = false
    }

    init(
        operationName: String, kind: SpanKind, context: ServiceContext, parentSpanID: String?, startNanoseconds: UInt64,
        isRecording: Bool, finished: @escaping @Sendable (FinishedSpan) -> Void
    ) {
        self.context = context
        self.kind = kind
        self.parentSpanID = parentSpanID
        self.startNanoseconds = startNanoseconds
        self.isRecording = isRecording
        self.state = Mutex(State(operationName: operationName))
        self.finished = finished
    }

    public var operationName: String {
        get { state.withLock { $0.operationName } }
        set { state.withLock { $0.operationName = newValue } }
    }

    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set {
            guard isRecording else { return }
            state.withLock { $0.attributes = newValue }
        }
    }

    public func setStatus(_ status: SpanStatus) {
        guard isRecording else { return }
        state.withLock { state in
            // An error once recorded is not cleared by a later "ok" of the same span.
            if state.status?.code == .error, status.code != .error { return }
            state.status = status
        }
    }

    public func addEvent(_ event: SpanEvent) {
        guard isRecording else { return }
        state.withLock { $0.events.append(event) }
    }

    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        guard isRecording else { return }
        var attributes = attributes
        attributes["exception.type"] = "\(type(of: error))"
        attributes["exception.message"] = "\(error)"
        addEvent(SpanEvent(name: "exception", at: instant(), attributes: attributes))
    }

    public func addLink(_ link: SpanLink) {
        guard isRecording else { return }
        state.withLock { $0.links.append(link) }
    }

    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let end = instant().nanosecondsSinceEpoch
        guard let state = state.withLock({ state -> State? in
            guard !state.ended else { return nil }
            state.ended = true
            return state
        }), isRecording, let trace = context.traceContext
        else { return }
        finished(FinishedSpan(
            traceID: trace.traceID, spanID: trace.spanID, parentSpanID: parentSpanID, name: state.operationName, kind: kind,
            startNanoseconds: startNanoseconds, endNanoseconds: max(end, startNanoseconds), attributes: state.attributes,
            status: state.status, events: state.events,
            links: state.links.compactMap { link in link.context.traceContext.map { ($0, link.attributes) } }))
    }
}

/// What an ended span leaves for the export.
struct FinishedSpan: Sendable {
    var traceID: String
    var spanID: String
    var parentSpanID: String?
    var name: String
    var kind: SpanKind
    var startNanoseconds: UInt64
    var endNanoseconds: UInt64
    var attributes: SpanAttributes
    var status: SpanStatus?
    var events: [SpanEvent]
    var links: [(TraceContext, SpanAttributes)]
}
