import Foundation

extension UUID {
    /// Reads the canonical `8-4-4-4-12` hex form in either case, as `UUID(uuidString:)` does. Written by
    /// hand because Foundation's parses with `sscanf`, and every consumed event has two ids or more.
    public init?(parsing text: String) {
        var text = text
        guard let bytes = text.withUTF8({ Self.bytes(of: $0) }) else { return nil }
        self.init(uuid: bytes)
    }

    private static func bytes(of text: UnsafeBufferPointer<UInt8>) -> uuid_t? {
        guard text.count == 36 else { return nil }
        var result: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let complete = withUnsafeMutableBytes(of: &result) { out -> Bool in
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    guard text[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                guard let high = HexDigit.value(text[position]), let low = HexDigit.value(text[position + 1]) else { return false }
                out[index] = high << 4 | low
                position += 2
            }
            return true
        }
        return complete ? result : nil
    }
}
