/// One record header. A `nil` value is a null header (distinct from an empty value).
public struct KafkaHeader: Sendable, Hashable {
    public var key: String
    public var value: [UInt8]?

    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// Convenience for text headers (UTF-8).
    public init(key: String, string: String) {
        self.init(key: key, value: Array(string.utf8))
    }
}

extension Array where Element == KafkaHeader {
    /// Value of the first header with this key. A null header and a missing header both give `nil`.
    public func first(named key: String) -> [UInt8]? {
        first(where: { $0.key == key })?.value ?? nil
    }

    /// Value of the first header with this key decoded as UTF-8, or `nil` if missing, null or not UTF-8.
    public func string(named key: String) -> String? {
        guard let bytes = first(named: key) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
