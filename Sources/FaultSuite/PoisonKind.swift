/// The kinds of bad input the poison scenario sends, with the error class the consumers must dead-letter
/// each under (`dlq_error_class`).
public enum PoisonKind: String, CaseIterable, Sendable, Hashable, Codable {
    case notJSON = "not-json"
    case truncatedJSON = "truncated-json"
    case wrongEnvelope = "wrong-envelope"
    case unknownType = "unknown-type"
    case unsupportedVersion = "unsupported-version"
    case schemaInvalid = "schema-invalid"
    case invalidUTF8 = "invalid-utf8"
    case emptyValue = "empty-value"
    case missingKey = "missing-key"
    case keyMismatch = "key-mismatch"
    /// A value over the consumers' size limit.
    case oversized

    /// Every kind is dead-lettered; this is the class it must carry.
    public var expectedErrorClass: String {
        switch self {
        case .notJSON, .truncatedJSON, .invalidUTF8: "not_json"
        case .wrongEnvelope: "not_envelope"
        case .unknownType: "unknown_type"
        case .unsupportedVersion: "unsupported_version"
        case .schemaInvalid: "invalid_data"
        case .emptyValue: "empty_value"
        case .missingKey: "missing_key"
        case .keyMismatch: "key_mismatch"
        case .oversized: "too_large"
        }
    }

    /// Kinds sent at volume; an oversized value is sent once (a few of them would overflow the embedded
    /// broker's partition).
    static let atVolume: [PoisonKind] = allCases.filter { $0 != .oversized }
}
