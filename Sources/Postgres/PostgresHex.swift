/// bytea in PostgreSQL's hex format: `\x` followed by two lowercase hex digits per byte.
enum PostgresHex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func render(_ bytes: [UInt8]) -> String {
        var utf8: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        utf8.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Nil when the text is not hex-format bytea.
    static func parse(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Nil when the bytes are not hex-format bytea text.
    static func parse(_ utf8: UnsafeRawBufferPointer) -> [UInt8]? {
        guard utf8.count >= 2, utf8.count % 2 == 0, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x") else {
            return nil
        }
        let count = utf8.count / 2 - 1
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var source = 2
            for index in 0..<count {
                let high = nibbleTable[Int(utf8[source])], low = nibbleTable[Int(utf8[source + 1])]
                if high > 15 || low > 15 {
                    failed = true
                    break
                }
                buffer[index] = high << 4 | low
                source += 2
            }
            initialized = failed ? 0 : count
        }
        return failed ? nil : bytes
    }

    /// Hex digit values by ASCII code; 0xFF for anything else.
    private static let nibbleTable: [UInt8] = (0..<256).map { code in
        switch UInt8(code) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(code) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(code) - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt8(code) - UInt8(ascii: "A") + 10
        default: 0xFF
        }
    }
}
