/// Why an event could not be encoded. Encoding refuses to emit anything the contract would reject,
/// so a producer finds out at the source instead of every consumer dead-lettering it.
public enum EventEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An envelope attribute breaks the envelope schema (empty source, malformed traceparent, ...).
    case invalidMetadata(attribute: String, message: String)
    /// `metadata.type` / `metadata.schemaVersion` disagree with the payload's Swift type.
    case payloadMismatch(metadataType: String, metadataVersion: Int, payloadType: String, payloadVersion: Int)
    /// The payload's (type, version) is not registered, so no consumer using this registry could read it.
    case unregistered(type: String, version: Int)
    /// The payload breaks its schema; the wrapped error says where.
    case invalidPayload(EventDecodingError)
    /// Foundation's encoder failed (not expected for the payload types in this module).
    case encoderFailed(String)

    public var description: String {
        switch self {
        case .invalidMetadata(let attribute, let message):
            "cannot encode event: attribute '\(attribute)' \(message)"
        case .payloadMismatch(let metadataType, let metadataVersion, let payloadType, let payloadVersion):
            "cannot encode event: metadata says \(metadataType) v\(metadataVersion) but the payload is \(payloadType) v\(payloadVersion)"
        case .unregistered(let type, let version):
            "cannot encode event: \(type) v\(version) is not registered"
        case .invalidPayload(let error):
            "cannot encode event: \(error)"
        case .encoderFailed(let reason):
            "cannot encode event: \(reason)"
        }
    }
}
