/// Kafka headers that mirror envelope attributes, so routers, tailers and dead-letter tools can
/// read type, version and correlation without parsing the value. Names follow the CloudEvents
/// Kafka binding (`ce_` prefix); values are UTF-8 strings. The value stays a structured-mode
/// envelope, which `content-type` announces; the envelope remains the source of truth.
public enum EventHeaders {
    public static let type = "ce_type"
    public static let schemaVersion = "ce_schemaversion"
    public static let correlationID = "ce_correlationid"
    public static let id = "ce_id"
    public static let source = "ce_source"
    public static let subject = "ce_subject"
    public static let time = "ce_time"
    public static let causationID = "ce_causationid"
    /// W3C trace context header, named as the W3C Kafka convention names it.
    public static let traceparent = "traceparent"
    public static let contentType = "content-type"
    /// Structured-mode CloudEvents media type.
    public static let structuredContentType = "application/cloudevents+json; charset=UTF-8"

    /// Headers for a message carrying an event with these attributes (optional ones only when set).
    public static func headers(for metadata: EventMetadata) -> [(key: String, value: String)] {
        var headers: [(key: String, value: String)] = [
            (contentType, structuredContentType),
            (id, metadata.id.lowercased),
            (source, metadata.source),
            (type, metadata.type),
            (schemaVersion, String(metadata.schemaVersion)),
            (subject, metadata.subject),
            (correlationID, metadata.correlationID),
        ]
        if let timestamp = EventTime.string(from: metadata.time) {
            headers.append((time, timestamp))
        }
        if let causation = metadata.causationID {
            headers.append((causationID, causation))
        }
        if let trace = metadata.traceparent {
            headers.append((traceparent, trace))
        }
        return headers
    }

    /// The value of the first header named `key` (header names are compared exactly).
    public static func value(of key: String, in headers: [(key: String, value: String)]) -> String? {
        headers.first { $0.key == key }?.value
    }
}
