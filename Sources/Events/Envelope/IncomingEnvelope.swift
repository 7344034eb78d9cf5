import Foundation

/// Decodes one envelope in a single pass over the parsed JSON: attributes first, then `data`
/// with the decoder the registry holds for the envelope's (type, schemaversion).
struct IncomingEnvelope: DecodableWithConfiguration {
    let event: AnyEvent

    init(from decoder: any Decoder, configuration registry: EventRegistry) throws {
        let container: KeyedDecodingContainer<EnvelopeKey>
        do {
            container = try decoder.container(keyedBy: EnvelopeKey.self)
        } catch {
            throw EventDecodingError.notAnEnvelope("the document is not a JSON object")
        }
        let attributes = Attributes(container: container)

        let specVersion = try attributes.string(.specversion)
        guard specVersion == EnvelopeConstants.specVersion else {
            throw EventDecodingError.notAnEnvelope(
                "attribute 'specversion' must be \"\(EnvelopeConstants.specVersion)\", got \"\(specVersion)\"")
        }
        guard let id = UUID(uuidString: try attributes.string(.id)) else {
            throw EventDecodingError.notAnEnvelope("attribute 'id' must be a UUID string")
        }
        let source = try attributes.string(.source)
        let type = try attributes.string(.type)
        let schemaVersion = try attributes.integer(.schemaversion)
        guard let time = EventTime.date(from: try attributes.string(.time)) else {
            throw EventDecodingError.notAnEnvelope("attribute 'time' must be an RFC 3339 timestamp with a time zone")
        }
        let subject = try attributes.string(.subject)
        let contentType = try attributes.string(.datacontenttype)
        guard contentType == EnvelopeConstants.dataContentType else {
            throw EventDecodingError.notAnEnvelope(
                "attribute 'datacontenttype' must be \"\(EnvelopeConstants.dataContentType)\", got \"\(contentType)\"")
        }
        let correlationID = try attributes.string(.correlationid)
        let causationID = try attributes.optionalString(.causationid)
        let traceparent = try attributes.optionalString(.traceparent)
        let requestedBy = try attributes.optionalString(.requestedby)

        guard container.contains(.data) else {
            throw EventDecodingError.notAnEnvelope("missing attribute 'data'")
        }
        guard (try? container.nestedContainer(keyedBy: EnvelopeKey.self, forKey: .data)) != nil else {
            throw EventDecodingError.notAnEnvelope("attribute 'data' must be a JSON object")
        }

        let metadata = EventMetadata(
            id: id, source: source, type: type, schemaVersion: schemaVersion, time: time, subject: subject,
            correlationID: correlationID, causationID: causationID, traceparent: traceparent,
            requestedBy: requestedBy)
        do {
            try EnvelopeRules.check(metadata)
        } catch {
            throw EventDecodingError.notAnEnvelope("attribute '\(error.attribute)' \(error.message)")
        }

        let payload = try registry.decodePayload(type: type, version: schemaVersion, from: container)
        event = AnyEvent(metadata: metadata, payload: payload)
    }

    /// Reads envelope attributes, reporting problems as `notAnEnvelope` with the attribute's name.
    private struct Attributes {
        let container: KeyedDecodingContainer<EnvelopeKey>

        func string(_ key: EnvelopeKey) throws(EventDecodingError) -> String {
            try value(key, expected: "a string")
        }

        func integer(_ key: EnvelopeKey) throws(EventDecodingError) -> Int {
            try value(key, expected: "an integer")
        }

        /// Absent is nil; `null` is refused, as the schema types these attributes as strings.
        func optionalString(_ key: EnvelopeKey) throws(EventDecodingError) -> String? {
            guard container.contains(key) else { return nil }
            return try string(key)
        }

        private func value<Value: Decodable>(_ key: EnvelopeKey, expected: String) throws(EventDecodingError) -> Value {
            guard container.contains(key) else {
                throw .notAnEnvelope("missing attribute '\(key.stringValue)'")
            }
            do {
                return try container.decode(Value.self, forKey: key)
            } catch {
                throw .notAnEnvelope("attribute '\(key.stringValue)' must be \(expected)")
            }
        }
    }
}
