import Events
import Foundation
import Testing

/// Structure-aware fuzzing of the event decoder: envelopes built from the envelope's own grammar (its
/// attribute names, the registered types and versions, payloads taken from the valid examples) with
/// random parts swapped for random JSON, so most inputs get deep into decoding instead of failing at the
/// first byte. Properties: no trap, no slow input, and whatever decodes re-encodes to the same event.
@Suite struct FuzzEnvelopeGrammarTests {
    let registry = EventRegistry.standard

    /// Decoding one input may take this long at most (debug build, loaded machine).
    static let slowDecode: Duration = .milliseconds(500)

    @Test func generatedEnvelopesDecodeOrFailCleanlyAndRoundTrip() throws {
        var grammar = try EnvelopeGrammar(seed: 0xF0_22ED)
        var outcomes = (decoded: 0, rejected: 0)
        var classes: Set<String> = []
        var slowest: Duration = .zero
        for _ in 0..<4_000 {
            let bytes = Array(grammar.envelope().utf8)
            let started = ContinuousClock.now
            let result = Result { () throws(EventDecodingError) in try registry.decode(bytes) }
            slowest = max(slowest, .now - started)
            switch result {
            case .success(let event):
                outcomes.decoded += 1
                // An old version decodes upcast; it re-encodes at the version its payload now has.
                var current = event
                current.metadata.schemaVersion = type(of: event.payload).schemaVersion
                let again = try registry.decode(try registry.encode(current.metadata, payload: current.payload))
                #expect(again == current, "re-encoding changed the event: \(String(decoding: bytes, as: UTF8.self))")
            case .failure(let error):
                outcomes.rejected += 1
                classes.insert(error.errorClass)
                #expect(!error.description.isEmpty)
            }
        }
        #expect(slowest < Self.slowDecode, "slowest decode took \(slowest)")
        #expect(outcomes.decoded > 100 && outcomes.rejected > 100, "\(outcomes)")
        #expect(classes.isSuperset(of: ["not_envelope", "unknown_type", "unsupported_version", "invalid_data"]), "\(classes)")
    }

    @Test(arguments: PathologicalInput.allCases)
    func pathologicalInputsAreRejectedQuickly(_ input: PathologicalInput) {
        let bytes = input.bytes
        let started = ContinuousClock.now
        let result = Result { () throws(EventDecodingError) in try registry.decode(bytes) }
        let took = ContinuousClock.now - started
        #expect(took < .seconds(3), "\(input) took \(took)")
        if case .success = result { Issue.record("\(input) decoded") }
    }
}

/// Inputs that make naive parsers slow or crash.
enum PathologicalInput: String, CaseIterable, CustomStringConvertible {
    case megabyteNumber, hugeExponent, manyEscapes, manySurrogateEscapes, deepDataArrays, wideObject, longWhitespace

    var description: String { rawValue }

    var bytes: [UInt8] {
        let head = #"{"specversion":"1.0","id":"0b7c1e2a-4d5f-4a6b-8c9d-000000000014","source":"s","type":"order.requested","schemaversion":2,"time":"2026-11-21T10:00:00Z","subject":"x","datacontenttype":"application/json","correlationid":"c","data":"#
        let body: String
        switch self {
        case .megabyteNumber: body = "{\"totalAmount\":" + String(repeating: "9", count: 1_000_000) + "}"
        case .hugeExponent: body = #"{"totalAmount":1e999999999999}"#
        case .manyEscapes: body = "{\"customerId\":\"" + String(repeating: "\\u00e9", count: 150_000) + "\"}"
        case .manySurrogateEscapes: body = "{\"customerId\":\"" + String(repeating: "\\ud800", count: 100_000) + "\"}"
        case .deepDataArrays: body = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        case .wideObject: body = "{" + (0..<50_000).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}"
        case .longWhitespace: body = String(repeating: " ", count: 2_000_000) + "{}"
        }
        return Array((head + body + "}").utf8)
    }
}
