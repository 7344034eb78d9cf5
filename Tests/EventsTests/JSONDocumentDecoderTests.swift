@testable import Events
import Foundation
import TestSupport
import Testing

/// The event decoder reads JSON into the same values, and fails with the same `DecodingError` cases,
/// as Foundation's `JSONDecoder`; it refuses what RFC 8259 does not allow.
@Suite struct JSONDocumentDecoderTests {
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let document = try JSONDocument(parsing: Array(text.utf8))
        return try T(from: JSONDocumentDecoder(document: document, index: 0, codingPath: []))
    }

    static func foundation<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    @Test(arguments: SampleEvents.payloads.indices)
    func everyPayloadDecodesAsFoundationDecodesIt(index: Int) throws {
        func check<P: EventPayload>(_ payload: P) throws {
            let text = String(decoding: try CompactJSONEncoder().encode(payload), as: UTF8.self)
            #expect(try Self.decode(P.self, text) == Self.foundation(P.self, text))
        }
        try check(SampleEvents.payloads[index])
    }

    struct Awkward: Decodable, Equatable {
        struct Inner: Decodable, Equatable {
            var name: String
            var tags: [String]
        }

        var text: String
        var unicode: String
        var absent: String?
        var present: String?
        var numbers: [Int64]
        var small: Int8
        var unsigned: UInt64
        var flag: Bool
        var ratio: Double
        var single: Float
        var inner: Inner
        var nested: [[Int]]
        var counts: [String: Int]
        var optionals: [Int?]
        var date: Date
        var id: UUID
    }

    @Test func everyKindOfValueDecodesAsFoundationDecodesIt() throws {
        let text = #"""
            { "text": "q \" b \\ s \/ n \n t \t u \u0001 \u00e9 pair \ud83d\ude80 ", "unicode": "日本語 🚀",
              "present": "here", "numbers": [-9223372036854775808, -1, 0, 9223372036854775807, 1e2, 100.0, -0],
              "small": -128, "unsigned": 18446744073709551615, "flag": false, "ratio": -1.25e-3, "single": 0.5,
              "inner": {"name": "n", "tags": []}, "nested": [[1, 2], [], [3]], "counts": {"a": 1, "b\u0000": 2},
              "optionals": [1, null, 3], "date": 123456.5, "id": "5f0c8a2e-3b1d-4c6e-9a7f-2d4b6e8f0a1c",
              "ignored": {"deep": [true, null, {"x": "y"}]} }
            """#
        let ours = try Self.decode(Awkward.self, text)
        #expect(ours == (try Self.foundation(Awkward.self, text)))
        #expect(ours.text.hasSuffix("pair 🚀 "))
    }

    /// Integer fields take whole numbers in any notation and refuse fractions and overflow, as Foundation does.
    @Test(arguments: [
        "0", "-0", "7", "-7", "1.0", "1e2", "1E+2", "100e-2", "2.50e1", "0.0e0", "0e999999999",
        "1.5", "1e-1", "10e-2", "127", "128", "-128", "-129", "255", "-1", "1e999999999999",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "0.000000000000000000001e21",
    ])
    func integersAcceptTheValuesFoundationAccepts(number: String) {
        func same<T: FixedWidthInteger & Decodable>(_ type: T.Type) {
            let text = "[\(number)]"
            let ours = try? Self.decode([T].self, text)
            let theirs = try? Self.foundation([T].self, text)
            #expect(ours == theirs, "\(number) as \(T.self): ours \(String(describing: ours)), Foundation's \(String(describing: theirs))")
        }
        same(Int.self)
        same(Int8.self)
        same(UInt8.self)
        same(Int64.self)
        same(UInt64.self)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", #"{"a":1,}"#, "[1 2]", #"{"a" 1}"#, "{a:1}", "01", "-", "1.", ".5", "1e", "+1",
        "tru", "nul", "True", "NaN", "Infinity", #""\x""#, #""\ud800""#, #""\udc00\ud800""#, #""\ud800x""#,
        #""\u12""#, "\"a\tb\"", "\"unterminated", "[1] 2", "\u{FEFF}[]", "[", "[[]", "{\"a\":}",
    ])
    func whatJSONDoesNotAllowIsRefused(text: String) {
        // Foundation lets a trailing comma through; schema validators and other consumers refuse it.
        #expect(throws: JSONSyntaxError.self, "\(text.debugDescription)") { try JSONDocument(parsing: Array(text.utf8)) }
    }

    @Test func nestingStopsAtTheLimit() throws {
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try JSONDocument(parsing: Array(deep.utf8))
        let deeper = "[" + deep + "]"
        #expect(throws: JSONSyntaxError.self) { try JSONDocument(parsing: Array(deeper.utf8)) }
    }

    @Test func failuresAreTheDecodingErrorsFoundationThrows() throws {
        struct Fields: Decodable {
            var a: Int
            var b: [String]
        }
        func kind(_ result: Result<Fields, any Error>) -> String {
            switch result {
            case .success: "decoded"
            case .failure(DecodingError.keyNotFound(let key, let context)):
                "keyNotFound \(key.stringValue) at \(JSONPath.render(context.codingPath))"
            case .failure(DecodingError.valueNotFound(_, let context)): "valueNotFound at \(JSONPath.render(context.codingPath))"
            case .failure(DecodingError.typeMismatch(_, let context)): "typeMismatch at \(JSONPath.render(context.codingPath))"
            case .failure(DecodingError.dataCorrupted(let context)): "dataCorrupted at \(JSONPath.render(context.codingPath))"
            case .failure: "other"
            }
        }
        for text in [
            #"{"b":[]}"#, #"{"a":null,"b":[]}"#, #"{"a":"1","b":[]}"#, #"{"a":1,"b":["x",2]}"#, #"{"a":1,"b":["x",null]}"#,
            #"{"a":1,"b":{}}"#, "[]", #"{"a":1,"a":2,"b":[]}"#,
        ] {
            let ours = kind(Result { try Self.decode(Fields.self, text) })
            #expect(ours == kind(Result { try Self.foundation(Fields.self, text) }), "\(text)")
            #expect(ours != "other")
        }
        // Foundation names no field for a number that does not fit; this decoder names it.
        #expect(kind(Result { try Self.decode(Fields.self, #"{"a":1.5,"b":[]}"#) }) == "dataCorrupted at a")
    }

    @Test func everyAttributeNameIsRecognizedAndNothingElse() {
        for key in EnvelopeKey.allCases {
            #expect(EnvelopeKey.named(key.rawValue) == key)
            #expect(EnvelopeKey.named(key.rawValue.uppercased()) == nil)
            #expect(EnvelopeKey.named(String(key.rawValue.dropLast()) + "x") == nil)
            #expect(EnvelopeKey.named(key.rawValue + "s") == nil)
        }
        #expect(EnvelopeKey.allCases.map(\.ordinal) == Array(EnvelopeKey.allCases.indices))
    }

    /// The canonical form only, in either case: what the schemas' `uuid` format allows. Foundation's
    /// `sscanf`-based parser also lets some other texts through.
    @Test func uuidsParseInTheirCanonicalFormOnly() throws {
        var random = SeededGenerator(seed: 0x0D_5EED)
        let alphabet = Array("0123456789abcdefABCDEF-xg {}")
        let canonical = try Regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
        var refused = 0
        for round in 0..<5_000 {
            var text = UUID().uuidString
            if round % 2 == 0 { text = text.lowercased() }
            if round % 3 == 0 {
                var characters = Array(text)
                let position = Int(random.next() % UInt64(characters.count))
                characters[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                if round % 5 == 0 { characters.remove(at: position) }
                text = String(characters)
            }
            if text.wholeMatch(of: canonical) != nil {
                #expect(UUID(parsing: text) == UUID(uuidString: text), "\(text)")
            } else {
                #expect(UUID(parsing: text) == nil, "\(text)")
                refused += 1
            }
        }
        #expect(refused > 500)
    }
}
