/// The Kafka headers of a record carrying an event.
///
/// The value is a structured-mode CloudEvent (the whole envelope as JSON), and `content-type` says so,
/// as the CloudEvents Kafka protocol binding requires: a receiver reads binary mode, with attributes in
/// `ce_`-prefixed headers, whenever `content-type` does not start with `application/cloudevents`, and a
/// structured-mode record must therefore carry no `ce_` header. So that routers, tailers and the
/// dead-letter tools need not parse the value, type, version, correlation id and event id are mirrored
/// under orderflow's own names; the envelope stays the source of truth.
public enum EventHeaders {
    public static let contentType = "content-type"
    /// Structured-mode CloudEvents media type.
    public static let structuredContentType = "application/cloudevents+json; charset=UTF-8"

    public static let id = "orderflow_id"
    public static let type = "orderflow_type"
    public static let schemaVersion = "orderflow_schemaversion"
    public static let correlationID = "orderflow_correlationid"
    /// W3C trace context header, named as the W3C Kafka convention names it.
    public static let traceparent = "traceparent"

    /// The names records of earlier releases mirrored these attributes under (the binding's binary-mode
    /// names, without the `content-type` that makes them structured). Readers accept them for as long as
    /// such records stay on a topic.
    public static let earlierNames: [String: String] = [
        id: "ce_id", type: "ce_type", schemaVersion: "ce_schemaversion", correlationID: "ce_correlationid",
    ]
    /// Attributes only earlier records mirrored, read when a value does not parse.
    public static let earlierSource = "ce_source"
    public static let earlierSubject = "ce_subject"
    public static let earlierCausationID = "ce_causationid"

    /// The headers of a record whose value is the envelope of an event with these attributes. The
    /// relay passes the texts its database already holds (a lowercase UUID, a decimal version).
    public static func headers(
        id: String, type: String, schemaVersion: String, correlationID: String, traceparent: String? = nil
    ) -> [(key: String, value: String)] {
        var headers: [(key: String, value: String)] = [
            (contentType, structuredContentType),
            (Self.id, id),
            (Self.type, type),
            (Self.schemaVersion, schemaVersion),
            (Self.correlationID, correlationID),
        ]
        if let traceparent {
            headers.append((Self.traceparent, traceparent))
        }
        return headers
    }

    public static func headers(for metadata: EventMetadata) -> [(key: String, value: String)] {
        headers(
            id: metadata.id.lowercased, type: metadata.type, schemaVersion: String(metadata.schemaVersion),
            correlationID: metadata.correlationID, traceparent: metadata.traceparent)
    }

    /// The value of the first header named `key` (header names are compared exactly).
    public static func value(of key: String, in headers: [(key: String, value: String)]) -> String? {
        headers.first { $0.key == key }?.value
    }

    /// The value of a mirrored attribute, under its name or the name earlier records used; `lookup`
    /// reads one header by exact name.
    public static func mirrored(_ name: String, lookup: (String) -> String?) -> String? {
        lookup(name) ?? earlierNames[name].flatMap(lookup)
    }
}
