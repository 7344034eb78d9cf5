extension String {
    /// Text from a NUL-terminated C buffer that librdkafka filled in (error strings).
    init(errorBuffer: [CChar]) {
        let end = errorBuffer.firstIndex(of: 0) ?? errorBuffer.endIndex
        self = String(decoding: errorBuffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
