import Tracing

/// The body of an OTLP/HTTP export in its JSON encoding (the protobuf messages' proto3 JSON mapping, with
/// trace and span ids as hex, as the OTLP specification defines it for JSON).
struct OTLPTraceRequest: Encodable {
    var resourceSpans: [ResourceSpans]

    struct ResourceSpans: Encodable {
        var resource: Resource
        var scopeSpans: [ScopeSpans]
    }

    struct Resource: Encodable {
        var attributes: [KeyValue]
    }

    struct ScopeSpans: Encodable {
        var scope: Scope
        var spans: [OTLPSpan]
    }

    struct Scope: Encodable {
        var name: String
    }

    struct OTLPSpan: Encodable {
        var traceId: String
        var spanId: String
        var parentSpanId: String?
        var name: String
        var kind: Int
        var startTimeUnixNano: String
        var endTimeUnixNano: String
        var attributes: [KeyValue]
        var events: [Event]
        var links: [Link]
        var status: Status?
    }

    struct Event: Encodable {
        var timeUnixNano: String
        var name: String
        var attributes: [KeyValue]
    }

    struct Link: Encodable {
        var traceId: String
        var spanId: String
        var attributes: [KeyValue]
    }

    struct Status: Encodable {
        var code: Int
        var message: String?
    }

    struct KeyValue: Encodable {
        var key: String
        var value: AnyValue
    }

    struct AnyValue: Encodable {
        var stringValue: String?
        var intValue: String?
        var doubleValue: Double?
        var boolValue: Bool?
        var arrayValue: ArrayValue?
    }

    struct ArrayValue: Encodable {
        var values: [AnyValue]
    }
}

extension OTLPTraceRequest {
    /// One resource (this process) holding the spans.
    init(spans: [FinishedSpan], resource: [(String, String)]) {
        let attributes = resource.map { KeyValue(key: $0.0, value: AnyValue(stringValue: $0.1)) }
        resourceSpans = [ResourceSpans(
            resource: Resource(attributes: attributes),
            scopeSpans: [ScopeSpans(scope: Scope(name: "orderflow"), spans: spans.map(OTLPSpan.init))])]
    }

    static func keyValues(_ attributes: SpanAttributes) -> [KeyValue] {
        var values: [KeyValue] = []
        attributes.forEach { key, attribute in values.append(KeyValue(key: key, value: AnyValue(attribute))) }
        return values.sorted { $0.key < $1.key }
    }
}

extension OTLPTraceRequest.OTLPSpan {
    init(_ span: FinishedSpan) {
        traceId = span.traceID
        spanId = span.spanID
        parentSpanId = span.parentSpanID
        name = span.name
        kind = switch span.kind {
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        default: 1
        }
        startTimeUnixNano = String(span.startNanoseconds)
        endTimeUnixNano = String(span.endNanoseconds)
        attributes = OTLPTraceRequest.keyValues(span.attributes)
        events = span.events.map { event in
            OTLPTraceRequest.Event(
                timeUnixNano: String(event.nanosecondsSinceEpoch), name: event.name,
                attributes: OTLPTraceRequest.keyValues(event.attributes))
        }
        links = span.links.map { trace, attributes in
            OTLPTraceRequest.Link(traceId: trace.traceID, spanId: trace.spanID, attributes: OTLPTraceRequest.keyValues(attributes))
        }
        status = span.status.map { status in
            OTLPTraceRequest.Status(code: status.code == .error ? 2 : 1, message: status.message)
        }
    }
}

extension OTLPTraceRequest.AnyValue {
    init(_ attribute: SpanAttribute) {
        switch attribute {
        case .int32(let value): intValue = String(value)
        case .int64(let value): intValue = String(value)
        case .double(let value): doubleValue = value
        case .bool(let value): boolValue = value
        case .string(let value): stringValue = value
        case .int32Array(let values): arrayValue = .init(values: values.map { .init(intValue: String($0)) })
        case .int64Array(let values): arrayValue = .init(values: values.map { .init(intValue: String($0)) })
        case .doubleArray(let values): arrayValue = .init(values: values.map { .init(doubleValue: $0) })
        case .boolArray(let values): arrayValue = .init(values: values.map { .init(boolValue: $0) })
        case .stringArray(let values): arrayValue = .init(values: values.map { .init(stringValue: $0) })
        case .stringConvertible(let value): stringValue = value.description
        case .stringConvertibleArray(let values): arrayValue = .init(values: values.map { .init(stringValue: $0.description) })
        default: stringValue = "\(attribute)"
        }
    }
}
