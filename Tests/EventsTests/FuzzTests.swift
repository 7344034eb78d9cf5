import Events
import Foundation
import TestSupport
import Testing

/// Decoding arbitrary bytes never traps: it yields a consistent event or an EventDecodingError.
@Suite struct FuzzTests {
    let registry = EventRegistry.standard

    /// Either error or an event whose payload agrees with its envelope and passes its own rules.
    func checkDecodes(_ bytes: [UInt8]) -> Bool {
        do {
            let event = try registry.decode(bytes)
            let payloadType = type(of: event.payload)
            #expect(payloadType.eventType == event.metadata.type)
            #expect((try? event.payload.validate()) != nil)
            return true
        } catch {
            #expect(!error.errorClass.isEmpty && !error.description.isEmpty)
            return false
        }
    }

    @Test func randomByteStringsAreRejectedWithoutTrapping() {
        var random = SeededGenerator(seed: 0x5EED_0001)
        var decoded = 0
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...300, using: &random)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            if checkDecodes(bytes) { decoded += 1 }
        }
        #expect(decoded == 0)
    }

    @Test func byteMutationsOfValidExamplesNeverTrap() throws {
        var random = SeededGenerator(seed: 0x5EED_0002)
        let examples = try ContractFiles.jsonFiles(in: ContractFiles.validExamples).map { try [UInt8](Data(contentsOf: $0)) }
        var outcomes = (decoded: 0, rejected: 0)
        for round in 0..<2_000 {
            var bytes = examples[round % examples.count]
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                guard !bytes.isEmpty else { break }
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
                case 3: bytes.removeSubrange(at...)
                default: bytes[at] = [UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "]"), UInt8(ascii: "0"), UInt8(ascii: "-")][at % 5]
                }
            }
            if checkDecodes(bytes) { outcomes.decoded += 1 } else { outcomes.rejected += 1 }
        }
        // Both outcomes occur: mutations in whitespace or free text keep events valid.
        #expect(outcomes.decoded > 0 && outcomes.rejected > 0, "\(outcomes)")
    }

    @Test func valuesReplacedByOtherJSONTypesNeverTrap() throws {
        var random = SeededGenerator(seed: 0x5EED_0003)
        let examples = try ContractFiles.jsonFiles(in: ContractFiles.validExamples)
            .map { try JSONSerialization.jsonObject(with: Data(contentsOf: $0)) }
        let replacements: [Any] = [
            NSNull(), true, 0, -1, 1.5, 9_223_372_036_854_775_807, "", "x", "2026-02-30", [] as [Any], [1, "a"],
            [:] as [String: Any], ["sku": 1], String(repeating: "é", count: 200),
        ]
        for round in 0..<1_000 {
            let mutated = JSONMutation.replaceRandomValue(
                in: examples[round % examples.count], with: replacements[Int.random(in: replacements.indices, using: &random)], using: &random)
            let bytes = try [UInt8](JSONSerialization.data(withJSONObject: mutated, options: [.fragmentsAllowed]))
            _ = checkDecodes(bytes)
        }
    }

    @Test func hostileShapesAreRejectedWithoutTrapping() throws {
        let deepArrays = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        let deepObjects = [UInt8](String(repeating: #"{"data":"#, count: 200_000).utf8)
        let deepData = [UInt8]((#"{"specversion":"1.0","data":"# + String(repeating: "[", count: 100_000)).utf8)
        let invalidUTF8InIgnoredField = [UInt8](#"{"ignored":""#.utf8) + [0xC3, 0x28] + [UInt8](#""}"#.utf8)
        for bytes in [deepArrays, deepObjects, deepData, invalidUTF8InIgnoredField, [0], [0xFF, 0xFE], [UInt8]("null".utf8)] {
            #expect(throws: EventDecodingError.self) { try registry.decode(bytes) }
        }
        #expect(throws: EventDecodingError.notJSON("the message is not valid UTF-8")) {
            try registry.decode(invalidUTF8InIgnoredField)
        }
    }

    @Test func hugeValidEventStillDecodes() throws {
        var order = SampleEvents.orderPlaced
        order.lines = (0..<20_000).map { OrderLine(sku: "SKU-\($0)", quantity: 1, unitPrice: 1) }
        let event = Event(source: "order-service", subject: "s", correlationID: "c", data: order)
        let bytes = try registry.encode(event)
        #expect(bytes.count > 500_000)
        #expect(try registry.decode(bytes).as(OrderPlaced.self) == event)
    }
}

enum JSONMutation {
    /// A copy of `json` with one randomly chosen value (at any depth, the root included) replaced.
    static func replaceRandomValue(in json: Any, with replacement: Any, using random: inout SeededGenerator) -> Any {
        var paths: [[PathStep]] = []
        collectPaths(json, prefix: [], into: &paths)
        guard let path = paths.randomElement(using: &random) else { return replacement }
        return replacing(json, at: path[...], with: replacement)
    }

    enum PathStep {
        case key(String)
        case index(Int)
    }

    private static func collectPaths(_ json: Any, prefix: [PathStep], into paths: inout [[PathStep]]) {
        paths.append(prefix)
        if let object = json as? [String: Any] {
            for (key, value) in object { collectPaths(value, prefix: prefix + [.key(key)], into: &paths) }
        } else if let array = json as? [Any] {
            for (index, value) in array.enumerated() { collectPaths(value, prefix: prefix + [.index(index)], into: &paths) }
        }
    }

    private static func replacing(_ json: Any, at path: ArraySlice<PathStep>, with replacement: Any) -> Any {
        guard let step = path.first else { return replacement }
        switch step {
        case .key(let key):
            guard var object = json as? [String: Any], let child = object[key] else { return json }
            object[key] = replacing(child, at: path.dropFirst(), with: replacement)
            return object
        case .index(let index):
            guard var array = json as? [Any], array.indices.contains(index) else { return json }
            array[index] = replacing(array[index], at: path.dropFirst(), with: replacement)
            return array
        }
    }
}
