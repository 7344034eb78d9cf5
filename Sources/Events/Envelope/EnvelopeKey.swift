/// CloudEvents attribute names as they appear in the JSON envelope.
enum EnvelopeKey: String, CodingKey, CaseIterable {
    case specversion, id, source, type, schemaversion, time, subject, datacontenttype
    case correlationid, causationid, traceparent, requestedby, data

    /// The attribute a member name is, matched by length first: every consumed event looks up each of
    /// its attributes, and `init(rawValue:)` compares the name with every case in turn.
    static func named(_ name: String) -> EnvelopeKey? {
        let key: EnvelopeKey? = switch name.utf8.count {
        case 2: .id
        case 4: name == "type" ? .type : name == "time" ? .time : .data
        case 6: .source
        case 7: .subject
        case 11: name == "specversion" ? .specversion : name == "causationid" ? .causationid : name == "traceparent" ? .traceparent : .requestedby
        case 13: name == "schemaversion" ? .schemaversion : .correlationid
        case 15: .datacontenttype
        default: nil
        }
        // The length picked one candidate; the name must still be it.
        return key?.rawValue == name ? key : nil
    }

    /// The case's place in `allCases`, for a table of attributes without hashing their names.
    var ordinal: Int {
        switch self {
        case .specversion: 0
        case .id: 1
        case .source: 2
        case .type: 3
        case .schemaversion: 4
        case .time: 5
        case .subject: 6
        case .datacontenttype: 7
        case .correlationid: 8
        case .causationid: 9
        case .traceparent: 10
        case .requestedby: 11
        case .data: 12
        }
    }
}

/// Fixed values of the envelope.
enum EnvelopeConstants {
    static let specVersion = "1.0"
    static let dataContentType = "application/json"
}
