/// The JSON shape of an event being sent: attributes in CloudEvents order, then `data`.
struct OutgoingEnvelope: Encodable {
    let metadata: EventMetadata
    let time: String
    let payload: any EventPayload

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EnvelopeKey.self)
        try container.encode(EnvelopeConstants.specVersion, forKey: .specversion)
        try container.encode(metadata.id.lowercasedString, forKey: .id)
        try container.encode(metadata.source, forKey: .source)
        try container.encode(metadata.type, forKey: .type)
        try container.encode(metadata.schemaVersion, forKey: .schemaversion)
        try container.encode(time, forKey: .time)
        try container.encode(metadata.subject, forKey: .subject)
        try container.encode(EnvelopeConstants.dataContentType, forKey: .datacontenttype)
        try container.encode(metadata.correlationID, forKey: .correlationid)
        try container.encodeIfPresent(metadata.causationID, forKey: .causationid)
        try container.encodeIfPresent(metadata.traceparent, forKey: .traceparent)
        try container.encode(payload, forKey: .data)
    }
}
