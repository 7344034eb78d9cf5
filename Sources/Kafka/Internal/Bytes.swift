/// Calls `body` with a pointer to the bytes and their count. `nil` gives a NULL pointer (a null key, value
/// or header); an empty array gives a valid non-NULL pointer with count 0 (an empty, non-null field).
func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
    guard let bytes else { return body(nil, 0) }
    if bytes.isEmpty {
        var placeholder: UInt8 = 0
        return withUnsafePointer(to: &placeholder) { body(UnsafeRawPointer($0), 0) }
    }
    return bytes.withUnsafeBytes { body($0.baseAddress, $0.count) }
}

/// Copies a C buffer into an array; a NULL pointer gives `nil`.
func copyBytes(_ pointer: UnsafeRawPointer?, count: Int) -> [UInt8]? {
    guard let pointer else { return nil }
    guard count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: pointer, count: count))
}
