#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One statement parameter as libpq takes it: text (format 0), binary (format 1) or NULL.
enum WireParameter {
    case null
    case text(String)
    case binary([UInt8])

    /// memchr over the string's contiguous UTF-8: array parameters run to hundreds of kilobytes.
    static func containsNUL(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, 0, bytes.count) != nil
        } ?? text.utf8.contains(0)
    }
}

/// The parallel arrays `PQexecPrepared` and `PQsendQueryPrepared` read: value pointers, lengths and
/// formats, valid inside `withPointers`.
struct WireParameters {
    private let parameters: [WireParameter]

    init(_ parameters: [WireParameter]) { self.parameters = parameters }

    var count: Int32 { Int32(parameters.count) }

    func withPointers<R>(
        _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        var copies: [UnsafeMutableRawPointer?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        copies.reserveCapacity(parameters.count)
        lengths.reserveCapacity(parameters.count)
        formats.reserveCapacity(parameters.count)
        for parameter in parameters {
            switch parameter {
            case .null:
                copies.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                copies.append(UnsafeMutableRawPointer(strdup(text)))
                lengths.append(0)  // ignored for text: it is NUL-terminated
                formats.append(0)
            case .binary(let bytes):
                let copy = malloc(max(bytes.count, 1))
                bytes.withUnsafeBytes { source in
                    if let base = source.baseAddress, let copy { copy.copyMemory(from: base, byteCount: source.count) }
                }
                copies.append(copy)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) } }
        return pointers.withUnsafeBufferPointer { values in
            lengths.withUnsafeBufferPointer { lengths in
                formats.withUnsafeBufferPointer { formats in
                    body(values.baseAddress, lengths.baseAddress, formats.baseAddress)
                }
            }
        }
    }
}
