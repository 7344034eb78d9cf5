/// Array parameters as text literals (parameters bind scalars); cast in SQL with `$1::text::bigint[]`,
/// `$1::text::text[]` or `$1::text::bytea[]`. One array parameter keeps a statement's text the same
/// whatever the number of rows, so it stays one cached prepared statement.
public enum PostgresArrayLiteral {
    public static func of<T: BinaryInteger>(_ values: some Sequence<T>) -> String {
        "{" + values.map { String($0) }.joined(separator: ",") + "}"
    }

    /// Every element quoted, with `"` and `\` escaped, so any string is safe. Written byte by byte: a
    /// batch's ids and topics pass through here for every statement.
    public static func text(_ values: some Sequence<String>) -> String {
        var utf8: [UInt8] = [UInt8(ascii: "{")]
        for (index, value) in values.enumerated() {
            if index > 0 { utf8.append(UInt8(ascii: ",")) }
            utf8.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { utf8.append(UInt8(ascii: "\\")) }
                utf8.append(byte)
            }
            utf8.append(UInt8(ascii: "\""))
        }
        utf8.append(UInt8(ascii: "}"))
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Byte strings in bytea's hex format, written straight into one buffer (outbox values are the bulk
    /// of a batch's parameters).
    public static func bytea(_ values: some Sequence<[UInt8]>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var utf8: [UInt8] = [UInt8(ascii: "{")]
        for (index, bytes) in values.enumerated() {
            if index > 0 { utf8.append(UInt8(ascii: ",")) }
            // "\\x…": the array parser turns the doubled backslash into bytea's `\x` prefix.
            utf8.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\\"), UInt8(ascii: "x")])
            utf8.reserveCapacity(utf8.count + bytes.count * 2 + 2)
            for byte in bytes {
                utf8.append(digits[Int(byte >> 4)])
                utf8.append(digits[Int(byte & 0x0f)])
            }
            utf8.append(UInt8(ascii: "\""))
        }
        utf8.append(UInt8(ascii: "}"))
        return String(decoding: utf8, as: UTF8.self)
    }
}
