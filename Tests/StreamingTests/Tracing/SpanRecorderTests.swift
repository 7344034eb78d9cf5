import Foundation
import Logging
import Testing
import Tracing

@testable import Streaming

/// The tracer's spans: ids and parents as the W3C context says, sampling decided once per trace, and
/// what reaches the export in OTLP's JSON shape.
@Suite struct SpanRecorderTests {
    static func recorder(_ sampler: TraceSampler = TraceSampler(parentBased: true, ratio: 1)) -> (SpanRecorder, SpanExport) {
        let export = SpanExport(
            endpoint: "http://127.0.0.1:1/v1/traces", headers: [], resource: [("service.name", "test-service")],
            logger: Logger(label: "test"))
        return (SpanRecorder(sampler: sampler, export: export), export)
    }

    @Test func aChildSpanKeepsTheTraceAndNamesItsParent() async throws {
        let (tracer, export) = Self.recorder()
        var remote = ServiceContext.topLevel
        tracer.extract(["traceparent": TraceContextTests.valid], into: &remote, using: DictionaryExtractor())
        let consumer = tracer.startSpan("process orders", context: remote, ofKind: .consumer)
        let child = tracer.startSpan("handle order.placed", context: consumer.context, ofKind: .internal)
        child.attributes["db.system.name"] = "postgresql"
        child.end()
        consumer.setStatus(SpanStatus(code: .error, message: "parked"))
        consumer.setStatus(SpanStatus(code: .ok))
        consumer.end()
        consumer.end()

        let (spans, dropped) = export.take(upTo: 10)
        #expect(dropped == 0)
        #expect(spans.map(\.name) == ["handle order.placed", "process orders"], "each span once, in the order they ended")
        #expect(spans.allSatisfy { $0.traceID == "4bf92f3577b34da6a3ce929d0e0e4736" })
        #expect(spans[1].parentSpanID == "00f067aa0ba902b7")
        #expect(spans[0].parentSpanID == spans[1].spanID)
        #expect(spans[1].status?.code == .error, "a later ok does not hide an error")

        var carrier: [String: String] = [:]
        tracer.inject(child.context, into: &carrier, using: DictionaryInjector())
        #expect(carrier["traceparent"] == "00-4bf92f3577b34da6a3ce929d0e0e4736-\(spans[0].spanID)-01")
        await export.shutdown()
    }

    @Test func anUnsampledTraceRecordsNothingButCarriesItsDecision() async throws {
        let (tracer, export) = Self.recorder(TraceSampler(parentBased: true, ratio: 0))
        let root = tracer.startSpan("POST /api/v1/orders", context: .topLevel, ofKind: .server)
        #expect(!root.isRecording)
        let carried = try #require(root.context.traceContext)
        #expect(!carried.sampled)
        root.end()
        var sampledParent = ServiceContext.topLevel
        sampledParent.traceContext = TraceContext(traceparent: TraceContextTests.valid)
        tracer.startSpan("process orders", context: sampledParent, ofKind: .consumer).end()
        #expect(export.take(upTo: 10).spans.map(\.name) == ["process orders"], "a sampled parent is followed")
        await export.shutdown()
    }

    @Test func theExportBodyIsOTLPJSON() throws {
        let span = FinishedSpan(
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7", parentSpanID: nil, name: "publish orders",
            kind: .producer, startNanoseconds: 1_000, endNanoseconds: 2_000,
            attributes: ["messaging.system": "kafka", "messaging.kafka.offset": .int64(42)], status: SpanStatus(code: .error, message: "x"),
            events: [], links: [(TraceContext(traceparent: TraceContextTests.valid)!, [:])])
        let body = try JSONEncoder().encode(OTLPTraceRequest(spans: [span], resource: [("service.name", "outbox-relay")]))
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let resourceSpans = try #require((json["resourceSpans"] as? [[String: Any]])?.first)
        let resource = try #require(resourceSpans["resource"] as? [String: Any])
        #expect(((resource["attributes"] as? [[String: Any]])?.first?["value"] as? [String: Any])?["stringValue"] as? String == "outbox-relay")
        let encoded = try #require(((resourceSpans["scopeSpans"] as? [[String: Any]])?.first?["spans"] as? [[String: Any]])?.first)
        #expect(encoded["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(encoded["kind"] as? Int == 4)
        #expect(encoded["startTimeUnixNano"] as? String == "1000")
        #expect(encoded["parentSpanId"] == nil)
        #expect((encoded["status"] as? [String: Any])?["code"] as? Int == 2)
        let attributes = try #require(encoded["attributes"] as? [[String: Any]])
        #expect(attributes.contains { $0["key"] as? String == "messaging.kafka.offset" && ($0["value"] as? [String: Any])?["intValue"] as? String == "42" })
        #expect((encoded["links"] as? [[String: Any]])?.first?["spanId"] as? String == "00f067aa0ba902b7")
    }
}

private struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}

private struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}
