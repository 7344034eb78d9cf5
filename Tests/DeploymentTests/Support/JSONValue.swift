import Foundation

/// Any JSON document, for reading files whose shape the checks only partly care about
/// (compose configuration, Prometheus configuration, topics.json).
enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ text: String, source: String) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw DeploymentCheckError("\(source) is not valid JSON: \(error)")
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var object: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    var int: Int? {
        switch self {
        case .number(let value): return Int(exactly: value)
        case .string(let text): return Int(text)
        default: return nil
        }
    }

    /// Scalars as the text a YAML author wrote (`8080` and `"8080"` both read "8080").
    var scalarText: String? {
        switch self {
        case .string(let value): return value
        case .number(let value): return Int(exactly: value).map(String.init) ?? String(value)
        case .bool(let value): return String(value)
        default: return nil
        }
    }
}
