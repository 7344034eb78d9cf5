import Foundation

/// Decodes one envelope in a single pass over the parsed document: the attributes are read straight
/// from the envelope object's members, then `data` with the decoder the registry holds for the
/// envelope's (type, schemaversion).
struct IncomingEnvelope {
    let event: AnyEvent

    init(_ document: JSONDocument, registry: EventRegistry) throws(EventDecodingError) {
        guard document.nodes[0].kind == .object else {
            throw .notAnEnvelope("the document is not a JSON object")
        }
        let attributes = Attributes(document)

        let specVersion = try attributes.string(.specversion)
        guard specVersion == EnvelopeConstants.specVersion else {
            throw .notAnEnvelope("attribute 'specversion' must be \"\(EnvelopeConstants.specVersion)\", got \"\(specVersion)\"")
        }
        guard let id = UUID(parsing: try attributes.string(.id)) else {
            throw .notAnEnvelope("attribute 'id' must be a UUID string")
        }
        let source = try attributes.string(.source)
        let type = try attributes.string(.type)
        let schemaVersion = try attributes.integer(.schemaversion)
        guard let time = EventTime.date(from: try attributes.string(.time)) else {
            throw .notAnEnvelope("attribute 'time' must be an RFC 3339 timestamp with a time zone")
        }
        let subject = try attributes.string(.subject)
        let contentType = try attributes.string(.datacontenttype)
        guard contentType == EnvelopeConstants.dataContentType else {
            throw .notAnEnvelope(
                "attribute 'datacontenttype' must be \"\(EnvelopeConstants.dataContentType)\", got \"\(contentType)\"")
        }
        let correlationID = try attributes.string(.correlationid)
        let causationID = try attributes.optionalString(.causationid)
        let traceparent = try attributes.optionalString(.traceparent)
        let requestedBy = try attributes.optionalString(.requestedby)

        guard let data = attributes.node(.data) else { throw .notAnEnvelope("missing attribute 'data'") }
        guard document.nodes[data].kind == .object else { throw .notAnEnvelope("attribute 'data' must be a JSON object") }

        let metadata = EventMetadata(
            id: id, source: source, type: type, schemaVersion: schemaVersion, time: time, subject: subject,
            correlationID: correlationID, causationID: causationID, traceparent: traceparent,
            requestedBy: requestedBy)
        do {
            try EnvelopeRules.check(metadata)
        } catch {
            throw .notAnEnvelope("attribute '\(error.attribute)' \(error.message)")
        }

        let payloadDecoder = JSONDocumentDecoder(document: document, index: data, codingPath: [EnvelopeKey.data])
        let payload = try registry.decodePayload(type: type, version: schemaVersion, from: payloadDecoder)
        event = AnyEvent(metadata: metadata, payload: payload)
    }

    /// Where each attribute's value is, found in one pass over the members (the first of a repeated
    /// key counts, as before); problems are `notAnEnvelope` with the attribute's name.
    private struct Attributes {
        let document: JSONDocument
        private var nodes = [Int?](repeating: nil, count: EnvelopeKey.allCases.count)

        init(_ document: JSONDocument) {
            self.document = document
            document.forEachMember(of: 0) { name, value in
                guard let key = EnvelopeKey.named(name), nodes[key.ordinal] == nil else { return }
                nodes[key.ordinal] = value
            }
        }

        func node(_ key: EnvelopeKey) -> Int? { nodes[key.ordinal] }

        func string(_ key: EnvelopeKey) throws(EventDecodingError) -> String {
            let index = try present(key)
            guard let value = try? document.decodeString(at: index, path: [key]) else {
                throw .notAnEnvelope("attribute '\(key.rawValue)' must be a string")
            }
            return value
        }

        func integer(_ key: EnvelopeKey) throws(EventDecodingError) -> Int {
            let index = try present(key)
            guard let value = try? document.decodeInteger(Int.self, at: index, path: [key]) else {
                throw .notAnEnvelope("attribute '\(key.rawValue)' must be an integer")
            }
            return value
        }

        /// Absent is nil; `null` is refused, as the schema types these attributes as strings.
        func optionalString(_ key: EnvelopeKey) throws(EventDecodingError) -> String? {
            guard node(key) != nil else { return nil }
            return try string(key)
        }

        private func present(_ key: EnvelopeKey) throws(EventDecodingError) -> Int {
            guard let index = node(key) else { throw .notAnEnvelope("missing attribute '\(key.rawValue)'") }
            return index
        }
    }
}
