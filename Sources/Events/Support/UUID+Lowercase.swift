import Foundation

extension UUID {
    /// Canonical lowercase form (`uuidString` is uppercase), as used in keys, subjects and database ids.
    /// Written by hand because the runtime formats every id of every event more than once, and
    /// `uuidString.lowercased()` allocates twice.
    public var lowercased: String {
        String(unsafeUninitializedCapacity: 36) { out in
            writeLowercased(into: out)
            return 36
        }
    }

    /// Appends the 36 bytes of `lowercased` without making a string of them.
    func appendLowercased(to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { buffer in
            writeLowercased(into: buffer)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<36]))
        }
    }

    /// `out` holds at least 36 bytes.
    private func writeLowercased(into out: UnsafeMutableBufferPointer<UInt8>) {
        let hexDigits: StaticString = "0123456789abcdef"
        withUnsafeBytes(of: uuid) { raw in
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
        }
    }
}
