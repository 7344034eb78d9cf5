#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension UUID {
    /// A random (version 4) UUID from the C library's `arc4random_buf`. On Linux `UUID()` costs about
    /// ten times as much (2.4 µs against 0.25 µs measured here), and every event created needs one.
    public static func random() -> UUID {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { buffer in
            if let base = buffer.baseAddress { arc4random_buf(base, buffer.count) }
        }
        bytes.6 = (bytes.6 & 0x0F) | 0x40  // version 4
        bytes.8 = (bytes.8 & 0x3F) | 0x80  // RFC 4122 variant
        return UUID(uuid: bytes)
    }
}
