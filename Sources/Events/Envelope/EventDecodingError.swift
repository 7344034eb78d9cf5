/// Why a Kafka message is not a usable event. Every decoding failure is one of these, so a consumer
/// can dead-letter it with `errorClass` as the error class header.
public enum EventDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not JSON: invalid UTF-8, truncated, trailing garbage, nested too deeply.
    case notJSON(String)
    /// Valid JSON, but not an orderflow CloudEvents envelope; the message names the attribute.
    case notAnEnvelope(String)
    /// A well-formed envelope whose `type` no registered decoder knows.
    case unknownType(String)
    /// A known type at a schema version this registry does not decode.
    case unsupportedVersion(type: String, version: Int)
    /// The envelope is fine but `data` breaks the schema of its type and version.
    /// `path` is a JSON path from the envelope root, such as `data.lines[0].quantity`.
    case invalidData(type: String, version: Int, path: String, message: String)

    /// Stable, machine-readable name of the failure class (used in dead-letter headers and metrics).
    public var errorClass: String {
        switch self {
        case .notJSON: "not_json"
        case .notAnEnvelope: "not_envelope"
        case .unknownType: "unknown_type"
        case .unsupportedVersion: "unsupported_version"
        case .invalidData: "invalid_data"
        }
    }

    public var description: String {
        switch self {
        case .notJSON(let reason):
            "not JSON: \(reason)"
        case .notAnEnvelope(let reason):
            "not an event envelope: \(reason)"
        case .unknownType(let type):
            "unknown event type '\(type)'"
        case .unsupportedVersion(let type, let version):
            "unsupported schema version \(version) of '\(type)'"
        case .invalidData(let type, let version, let path, let message):
            "invalid data for '\(type)' v\(version) at \(path): \(message)"
        }
    }
}
