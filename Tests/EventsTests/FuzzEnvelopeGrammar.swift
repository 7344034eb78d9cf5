import Events
import Foundation
import TestSupport

/// Generates JSON text shaped like event envelopes, deterministically from a seed. Written as text (not
/// through JSONSerialization) so it can produce what serializers never write: duplicate keys, odd
/// escapes, numbers of any size.
struct EnvelopeGrammar {
    private var random: SeededGenerator
    /// (type, version, data) of every valid example: the plausible payloads.
    private let payloads: [(type: String, version: Int, data: FuzzJSON)]
    private let types: [String]

    static let attributes = [
        "specversion", "id", "source", "type", "schemaversion", "time", "subject", "datacontenttype",
        "correlationid", "causationid", "traceparent", "requestedby", "data",
    ]

    init(seed: UInt64) throws {
        random = SeededGenerator(seed: seed)
        payloads = try ContractFiles.jsonFiles(in: ContractFiles.validExamples).compactMap { url in
            guard case .object(let members) = try JSONDecoder().decode(FuzzJSON.self, from: Data(contentsOf: url)),
                  case .string(let type)? = members.first(where: { $0.key == "type" })?.value,
                  case .integer(let version)? = members.first(where: { $0.key == "schemaversion" })?.value,
                  let data = members.first(where: { $0.key == "data" })?.value
            else { return nil }
            return (type, Int(version), data)
        }
        types = EventRegistry.standard.supported.map(\.type) + ["order.teleported", "", "ORDER.PLACED", "order.placed.v2"]
    }

    /// One envelope; most attributes plausible, some missing, some random, now and then one repeated.
    mutating func envelope() -> String {
        let payload = payloads[Int.random(in: payloads.indices, using: &random)]
        var members: [String] = []
        for attribute in Self.attributes {
            let roll = Int.random(in: 0..<100, using: &random)
            // Optional and usually absent, so it does not thin out the envelopes that decode.
            if attribute == "requestedby" {
                if roll < 60 { continue }
                members.append(Self.quoted(attribute) + ":" + plausible(attribute, payload))
                continue
            }
            if roll < 4 { continue }
            let value = roll < 88 ? plausible(attribute, payload) : anyValue(depth: 2)
            members.append(Self.quoted(attribute) + ":" + value)
            if roll == 99 { members.append(Self.quoted(attribute) + ":" + anyValue(depth: 1)) }
        }
        if chance(10) { members.append(Self.quoted(text(maxLength: 8)) + ":" + anyValue(depth: 2)) }
        members.shuffle(using: &random)
        return "{" + members.joined(separator: chance(5) ? " ,\n " : ",") + "}"
    }

    private mutating func plausible(_ attribute: String, _ payload: (type: String, version: Int, data: FuzzJSON)) -> String {
        switch attribute {
        case "specversion": return chance(95) ? "\"1.0\"" : "\"0.3\""
        case "id", "causationid": return Self.quoted(chance(90) ? uuid() : text(maxLength: 36))
        case "type": return Self.quoted(chance(85) ? payload.type : types[Int.random(in: types.indices, using: &random)])
        case "schemaversion": return chance(85) ? String(payload.version) : String(Int.random(in: -1...4, using: &random))
        case "time":
            let times = ["2026-11-21T10:00:00Z", "2026-11-21T10:00:00.123456+02:00", "2026-02-30T10:00:00Z", "2026-11-21 10:00:00", "1969-12-31T23:59:59.999Z"]
            return Self.quoted(times[Int.random(in: times.indices, using: &random)])
        case "datacontenttype": return chance(95) ? "\"application/json\"" : "\"text/xml\""
        case "traceparent": return Self.quoted(chance(80) ? "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" : text(maxLength: 55))
        case "requestedby": return Self.quoted(chance(95) ? "user-\(Int.random(in: 0..<100, using: &random))@example.com" : "")
        case "data": return mutated(payload.data, depth: 0)
        default: return Self.quoted(chance(90) ? "orderflow-\(Int.random(in: 0..<100, using: &random))" : text(maxLength: 20))
        }
    }

    /// The payload with, now and then, one of its values swapped for a random one or left out.
    private mutating func mutated(_ json: FuzzJSON, depth: Int) -> String {
        if depth > 0 && chance(3) { return anyValue(depth: 1) }
        switch json {
        case .object(let members):
            let kept = members.compactMap { member -> String? in
                chance(2) ? nil : Self.quoted(member.key) + ":" + mutated(member.value, depth: depth + 1)
            }
            return "{" + kept.joined(separator: ",") + "}"
        case .array(let elements):
            return "[" + elements.map { mutated($0, depth: depth + 1) }.joined(separator: ",") + "]"
        case .string(let string): return Self.quoted(string)
        case .integer(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        }
    }

    /// A random version-4 UUID from the seeded generator, so runs repeat.
    private mutating func uuid() -> String {
        let hex = (0..<32).map { _ in String(Int.random(in: 0..<16, using: &random), radix: 16) }
        var text = hex.joined()
        text = String(text.prefix(12)) + "4" + String(text.dropFirst(13))
        let parts = [text.prefix(8), text.dropFirst(8).prefix(4), text.dropFirst(12).prefix(4), text.dropFirst(16).prefix(4), text.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    private mutating func anyValue(depth: Int) -> String {
        switch Int.random(in: 0..<(depth > 0 ? 8 : 6), using: &random) {
        case 0: return "null"
        case 1: return chance(50) ? "true" : "false"
        case 2:
            let numbers = ["0", "-0", "1", "-1", "1.5", "1e3", "2E-7", "9223372036854775807", "9223372036854775808",
                           "-9223372036854775809", "123456789012345678901234567890", "0.1e400", "1e-400"]
            return numbers[Int.random(in: numbers.indices, using: &random)]
        case 3, 4: return Self.quoted(text(maxLength: 40))
        case 5: return "\"" + escapes() + "\""
        case 6: return "[" + (0..<Int.random(in: 0...3, using: &random)).map { _ in anyValue(depth: depth - 1) }.joined(separator: ",") + "]"
        default:
            return "{" + (0..<Int.random(in: 0...3, using: &random)).map { _ in
                Self.quoted(text(maxLength: 6)) + ":" + anyValue(depth: depth - 1)
            }.joined(separator: ",") + "}"
        }
    }

    private mutating func text(maxLength: Int) -> String {
        let alphabet = Array("abcXYZ019-_.:/ é€😀\u{0}\u{1F}\u{7F}\u{FEFF}\u{200B}")
        return String((0..<Int.random(in: 0...maxLength, using: &random)).map { _ in alphabet[Int.random(in: alphabet.indices, using: &random)] })
    }

    /// JSON escapes, lone surrogates included.
    private mutating func escapes() -> String {
        let pieces = ["\\n", "\\\"", "\\\\", "\\/", "\\u0000", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\udc00", "\\uZZZZ", "\\x41"]
        return (0..<Int.random(in: 1...4, using: &random)).map { _ in pieces[Int.random(in: pieces.indices, using: &random)] }.joined()
    }

    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    /// A JSON string literal of `text`, escaped as a serializer would.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// JSON as a value, decoded strictly (a number never reads as a Bool), members in file order.
enum FuzzJSON: Decodable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([FuzzJSON])
    case object([(key: String, value: FuzzJSON)])

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            self = .object(try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map { key in
                (key.stringValue, try object.decode(FuzzJSON.self, forKey: key))
            })
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var elements: [FuzzJSON] = []
            while !array.isAtEnd { elements.append(try array.decode(FuzzJSON.self)) }
            self = .array(elements)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let flag = try? single.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? single.decode(Int64.self) {
            self = .integer(number)
        } else if let number = try? single.decode(Double.self) {
            self = .double(number)
        } else {
            self = .string(try single.decode(String.self))
        }
    }
}
