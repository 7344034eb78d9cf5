@testable import Events
import Foundation
import Testing

/// The payload encoder writes the very bytes Foundation's encoder (as configured in `EventJSON`) writes:
/// events encoded before and after it are byte for byte the same.
@Suite struct CompactJSONEncoderTests {
    @Test(arguments: SampleEvents.all.indices)
    func everyEventTypeEncodesAsFoundationDoes(index: Int) throws {
        let payload = SampleEvents.all[index].payload
        #expect(try CompactJSONEncoder().encode(payload) == Array(EventJSON.encoder.encode(payload)))
    }

    struct Awkward: Encodable {
        struct Inner: Encodable {
            var name: String
            var tags: [String]
        }

        enum Mood: String, Encodable { case calm, edgy = "on/edge" }

        var text = "quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{7} bs \u{8} ff \u{c} nul \u{0} unit \u{1f}"
        var unicode = "日本語 🚀 é"
        var empty = ""
        var absent: String? = nil
        var present: String? = "here"
        var numbers: [Int64] = [Int64.min, -1, 0, Int64.max]
        var small: Int32 = -7
        var flag = true
        var ratio = 0.1
        var when = Date(timeIntervalSince1970: 1_700_000_000.25)
        var id = UUID(uuidString: "5F0C8A2E-3B1D-4C6E-9A7F-2D4B6E8F0A1C")!
        var mood = Mood.edgy
        var nested = [Inner(name: "a", tags: []), Inner(name: "b", tags: ["x", "y"])]
        var noInner: [Inner] = []

        enum CodingKeys: String, CodingKey {
            case text, unicode, empty, absent, present, numbers, small, flag, ratio, when, id, mood, nested, noInner
            case mixedCase = "B", lower = "b", digits10 = "a10", digits2 = "a2", underscore = "_z"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .text)
            try container.encode(unicode, forKey: .unicode)
            try container.encode(empty, forKey: .empty)
            try container.encodeIfPresent(absent, forKey: .absent)
            try container.encodeIfPresent(present, forKey: .present)
            try container.encode(numbers, forKey: .numbers)
            try container.encode(small, forKey: .small)
            try container.encode(flag, forKey: .flag)
            try container.encode(ratio, forKey: .ratio)
            try container.encode(when, forKey: .when)
            try container.encode(id, forKey: .id)
            try container.encode(mood, forKey: .mood)
            try container.encode(nested, forKey: .nested)
            try container.encode(noInner, forKey: .noInner)
            try container.encode(1, forKey: .mixedCase)
            try container.encode(2, forKey: .lower)
            try container.encode(3, forKey: .digits10)
            try container.encode(4, forKey: .digits2)
            try container.encodeNil(forKey: .underscore)
            var deeper = container.nestedUnkeyedContainer(forKey: .noInner)
            try deeper.encode("replaced")
        }
    }

    @Test func escapingNumbersOptionalsNestingAndKeyOrderMatchFoundation() throws {
        let compact = try CompactJSONEncoder().encode(Awkward())
        let foundation = Array(try EventJSON.encoder.encode(Awkward()))
        #expect(String(decoding: compact, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
    }
}
