import Foundation

/// The one configured JSON encoder (for `data`) every registry shares: thread-safe (Sendable in
/// Foundation), and configuring it once keeps per-event cost to the coding itself.
enum EventJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // Compact; sorted keys make the bytes of an event the same in every process (Foundation
        // otherwise orders keys by a per-process hash); unescaped slashes read better when tailing.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Whether `bytes` are well-formed UTF-8. Decoding only reads the strings it
    /// is asked for, so a bad byte in an ignored field would otherwise slip through.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        if isASCII(bytes) { return true }
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

    /// Eight bytes at a time: every consumed message is checked, and nearly all are ASCII.
    private static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset + 8 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                offset += 8
            }
            while offset < raw.count {
                if raw[offset] >= 0x80 { return false }
                offset += 1
            }
            return true
        }
    }
}
