import OTel
import Testing
import Tracing

@testable import Streaming

/// `traceparent` texts in and out through swift-otel's tracer (not bootstrapped: one made for the test,
/// exporting nowhere): a span under a remote parent keeps its trace and its sampling decision.
@Suite struct TraceParentTests {
    static let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    static func tracer() throws -> any Tracer {
        var configuration = OTel.Configuration.default
        configuration.traces.exporter = .none
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        return try OTel.makeTracingBackend(configuration: configuration).factory
    }

    @Test func aSpanUnderARemoteParentKeepsItsTraceAndSampling() throws {
        let tracer = try Self.tracer()
        let span = tracer.startSpan("process orders", context: TraceParent.context(Self.parent, instrument: tracer), ofKind: .consumer)
        defer { span.end() }
        let own = try #require(TraceParent.of(span.context, instrument: tracer))
        let fields = own.split(separator: "-")
        #expect(fields.count == 4)
        #expect(fields[1] == "4bf92f3577b34da6a3ce929d0e0e4736", "same trace: \(own)")
        #expect(fields[2] != "00f067aa0ba902b7" && fields[2].count == 16, "its own span id: \(own)")
        #expect(fields[3] == "01")

        let unsampled = tracer.startSpan(
            "process orders", context: TraceParent.context("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", instrument: tracer),
            ofKind: .consumer)
        defer { unsampled.end() }
        #expect(!unsampled.isRecording)
        #expect(TraceParent.of(unsampled.context, instrument: tracer)?.hasSuffix("-00") == true, "the decision travels on")
    }

    @Test func withoutAParentASpanStartsATrace() throws {
        let tracer = try Self.tracer()
        #expect(TraceParent.of(.topLevel, instrument: tracer) == nil)
        for text in [nil, "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"] {
            let span = tracer.startSpan("POST /api/v1/orders", context: TraceParent.context(text, instrument: tracer), ofKind: .server)
            defer { span.end() }
            let own = try #require(TraceParent.of(span.context, instrument: tracer))
            #expect(!own.contains("4bf92f3577b34da6a3ce929d0e0e4736") && own.hasPrefix("00-"), "\(text ?? "nil") → \(own)")
        }
    }
}
