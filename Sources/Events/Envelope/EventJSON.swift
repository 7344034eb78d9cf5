import Foundation

/// The one configured JSON encoder (for `data`) and decoder every registry shares. Both are thread-safe
/// (Sendable in Foundation), and configuring them once keeps per-event cost to the coding itself.
enum EventJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // Compact; sorted keys make the bytes of an event the same in every process (Foundation
        // otherwise orders keys by a per-process hash); unescaped slashes read better when tailing.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder = JSONDecoder()

    /// Whether `bytes` are well-formed UTF-8. Foundation's decoder only validates the strings it
    /// is asked for, so a bad byte in an ignored field would otherwise slip through.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
