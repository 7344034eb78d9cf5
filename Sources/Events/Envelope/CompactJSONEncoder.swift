import Foundation

/// Encodes event payloads to the bytes `EventJSON.encoder` would produce (compact, keys sorted, `/`
/// unescaped) at a fraction of its cost: strings, integers and booleans are written straight to bytes,
/// and only a value of another kind (a `Double`, `Date`, `Data`…) goes through Foundation. Every emitted
/// event is encoded on the consume loop's path, so this is per-event time.
struct CompactJSONEncoder {
    func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let node = JSONNodeEncoder(codingPath: [])
        try node.encodeValue(value)
        var out: [UInt8] = []
        out.reserveCapacity(256)
        (node.node ?? .object(JSONObjectNode())).write(to: &out)
        return out
    }
}

/// A value being built: objects and arrays are references so containers handed out earlier keep
/// filling them.
enum JSONNode {
    case object(JSONObjectNode)
    case array(JSONArrayNode)
    case literal([UInt8])

    func write(to out: inout [UInt8]) {
        switch self {
        case .literal(let bytes):
            out.append(contentsOf: bytes)
        case .array(let array):
            out.append(UInt8(ascii: "["))
            for (index, element) in array.elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            // Sorted by key, stably: a key encoded twice keeps its last value, as with Foundation.
            let members = object.members.enumerated().sorted {
                $0.element.0 != $1.element.0 ? $0.element.0 < $1.element.0 : $0.offset < $1.offset
            }
            var first = true
            for (index, member) in members.enumerated() {
                if index + 1 < members.count, members[index + 1].element.0 == member.element.0 { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONText.appendString(member.element.0, to: &out)
                out.append(UInt8(ascii: ":"))
                member.element.1.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

final class JSONObjectNode {
    var members: [(String, JSONNode)] = []
}

final class JSONArrayNode {
    var elements: [JSONNode] = []
}

/// JSON string and number literals, escaped as Foundation's encoder does (RFC 8259: quote, backslash
/// and control characters).
enum JSONText {
    private static let hex: StaticString = "0123456789abcdef"

    /// Runs of bytes that need no escape (nearly all of them) are copied whole.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                appendEscape(of: byte, to: &out)
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(of byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        default:
            out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            hex.withUTF8Buffer { digits in
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
        }
    }

    static func string(_ value: String) -> JSONNode {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 2)
        appendString(value, to: &out)
        return .literal(out)
    }

    static func integer(_ value: some BinaryInteger) -> JSONNode { .literal(Array(String(value).utf8)) }
}

/// The `Encoder` of one value.
final class JSONNodeEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var node: JSONNode?

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: JSONObjectNode
        if case .object(let existing) = node {
            object = existing
        } else {
            object = JSONObjectNode()
            node = .object(object)
        }
        return KeyedEncodingContainer(KeyedJSONContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: JSONArrayNode
        if case .array(let existing) = node {
            array = existing
        } else {
            array = JSONArrayNode()
            node = .array(array)
        }
        return UnkeyedJSONContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleJSONContainer(encoder: self) }

    /// Strings, integers and booleans directly; anything else through its own `encode(to:)`, or
    /// through Foundation for the types Foundation's encoder treats specially.
    func encodeValue<T: Encodable>(_ value: T) throws {
        switch value {
        case let string as String: node = JSONText.string(string)
        case let bool as Bool: node = .literal(Array((bool ? "true" : "false").utf8))
        case let int as Int: node = JSONText.integer(int)
        case let int as Int64: node = JSONText.integer(int)
        case let int as Int32: node = JSONText.integer(int)
        case let int as UInt64: node = JSONText.integer(int)
        case is Double, is Float, is Date, is Data, is URL, is Decimal, is UUID:
            node = .literal(Array(try EventJSON.encoder.encode(value)))
        default:
            try value.encode(to: self)
            if node == nil { node = .object(JSONObjectNode()) }
        }
    }

    static func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONNode {
        let child = JSONNodeEncoder(codingPath: codingPath)
        try child.encodeValue(value)
        return child.node ?? .object(JSONObjectNode())
    }
}

private struct KeyedJSONContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JSONObjectNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { object.members.append((key.stringValue, .literal(Array("null".utf8)))) }

    // The common field types without a dynamic cast or a child encoder.
    mutating func encode(_ value: String, forKey key: Key) throws { object.members.append((key.stringValue, JSONText.string(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.members.append((key.stringValue, JSONText.integer(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.members.append((key.stringValue, JSONText.integer(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.members.append((key.stringValue, JSONText.integer(value))) }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        object.members.append((key.stringValue, .literal(Array((value ? "true" : "false").utf8))))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.members.append((key.stringValue, try JSONNodeEncoder.encode(value, codingPath: codingPath + [key])))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectNode()
        object.members.append((key.stringValue, .object(nested)))
        return KeyedEncodingContainer(KeyedJSONContainer<NestedKey>(object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONArrayNode()
        object.members.append((key.stringValue, .array(nested)))
        return UnkeyedJSONContainer(array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let encoder = JSONNodeEncoder(codingPath: codingPath)
        let nested = JSONObjectNode()
        encoder.node = .object(nested)
        object.members.append((name, .object(nested)))
        return encoder
    }
}

private struct UnkeyedJSONContainer: UnkeyedEncodingContainer {
    let array: JSONArrayNode
    let codingPath: [any CodingKey]
    var count: Int { array.elements.count }

    mutating func encodeNil() throws { array.elements.append(.literal(Array("null".utf8))) }

    mutating func encode(_ value: String) throws { array.elements.append(JSONText.string(value)) }
    mutating func encode(_ value: Int64) throws { array.elements.append(JSONText.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        array.elements.append(try JSONNodeEncoder.encode(value, codingPath: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectNode()
        array.elements.append(.object(nested))
        return KeyedEncodingContainer(KeyedJSONContainer<NestedKey>(object: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArrayNode()
        array.elements.append(.array(nested))
        return UnkeyedJSONContainer(array: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = JSONNodeEncoder(codingPath: codingPath)
        let nested = JSONObjectNode()
        encoder.node = .object(nested)
        array.elements.append(.object(nested))
        return encoder
    }
}

private struct SingleJSONContainer: SingleValueEncodingContainer {
    let encoder: JSONNodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.node = .literal(Array("null".utf8)) }

    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encodeValue(value) }
}
