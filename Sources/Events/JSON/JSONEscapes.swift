/// Backslash escapes of JSON strings: checked while parsing, resolved only when a string is read.
enum JSONEscapes {
    /// Checks the escape starting at `index` (a backslash) and returns the index after it. A `\u` high
    /// surrogate must be followed by a `\u` low one; a lone surrogate is not text.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, escapeAt index: Int) throws(JSONSyntaxError) -> Int {
        guard index + 1 < bytes.count else { throw JSONSyntaxError(message: "unterminated escape", offset: index) }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 2
        case UInt8(ascii: "u"):
            guard let unit = hexUnit(bytes, at: index + 2) else {
                throw JSONSyntaxError(message: "\\u must be followed by four hex digits", offset: index)
            }
            if (0xDC00...0xDFFF).contains(unit) {
                throw JSONSyntaxError(message: "lone low surrogate escape", offset: index)
            }
            guard (0xD800...0xDBFF).contains(unit) else { return index + 6 }
            guard index + 7 < bytes.count, bytes[index + 6] == UInt8(ascii: "\\"), bytes[index + 7] == UInt8(ascii: "u"),
                  let low = hexUnit(bytes, at: index + 8), (0xDC00...0xDFFF).contains(low)
            else { throw JSONSyntaxError(message: "high surrogate escape without its low surrogate", offset: index) }
            return index + 12
        default:
            throw JSONSyntaxError(message: "unknown escape", offset: index)
        }
    }

    /// The UTF-8 bytes of a string's contents whose escapes `validate` accepted.
    static func unescape(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < raw.endIndex else {
                out.append(byte)
                index += 1
                continue
            }
            let marker = raw[index + 1]
            index += 2
            switch marker {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(hexUnit(raw, at: index) ?? 0xFFFD)
                index += 4
                if (0xD800...0xDBFF).contains(scalar), let low = hexUnit(raw, at: index + 2) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    index += 6
                }
                appendUTF8(scalar, to: &out)
            default: out.append(marker)
            }
        }
        return out
    }

    /// Surrogates never get here: `validate` refuses a lone one and a pair is combined before.
    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            out.append(UInt8(scalar))
        case ..<0x800:
            out.append(0xC0 | UInt8(scalar >> 6))
            out.append(0x80 | UInt8(scalar & 0x3F))
        case ..<0x10000:
            out.append(0xE0 | UInt8(scalar >> 12))
            out.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            out.append(0x80 | UInt8(scalar & 0x3F))
        default:
            out.append(0xF0 | UInt8(scalar >> 18))
            out.append(0x80 | UInt8(scalar >> 12 & 0x3F))
            out.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            out.append(0x80 | UInt8(scalar & 0x3F))
        }
    }

    private static func hexUnit<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at index: Bytes.Index) -> UInt16?
    where Bytes.Index == Int {
        guard index >= bytes.startIndex, index + 4 <= bytes.endIndex else { return nil }
        var value: UInt16 = 0
        for offset in 0..<4 {
            guard let digit = HexDigit.value(bytes[index + offset]) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}

enum HexDigit {
    /// 0–15 for `0-9`, `a-f`, `A-F`; nil for anything else.
    @inline(__always)
    static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}
