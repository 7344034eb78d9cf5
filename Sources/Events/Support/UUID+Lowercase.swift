import Foundation

extension UUID {
    /// Canonical lowercase form (`uuidString` is uppercase), as used in keys, subjects and database ids.
    /// Written by hand because the runtime formats every id of every event more than once, and
    /// `uuidString.lowercased()` allocates twice.
    public var lowercased: String {
        let hexDigits: StaticString = "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                hexDigits.withUTF8Buffer { hex in
                    var position = 0
                    for (index, byte) in raw.enumerated() {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            out[position] = UInt8(ascii: "-")
                            position += 1
                        }
                        out[position] = hex[Int(byte >> 4)]
                        out[position + 1] = hex[Int(byte & 0x0F)]
                        position += 2
                    }
                }
                return 36
            }
        }
    }
}
