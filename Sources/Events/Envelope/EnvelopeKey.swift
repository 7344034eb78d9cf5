/// CloudEvents attribute names as they appear in the JSON envelope.
enum EnvelopeKey: String, CodingKey, CaseIterable {
    case specversion, id, source, type, schemaversion, time, subject, datacontenttype
    case correlationid, causationid, traceparent, requestedby, data
}

/// Fixed values of the envelope.
enum EnvelopeConstants {
    static let specVersion = "1.0"
    static let dataContentType = "application/json"
}
