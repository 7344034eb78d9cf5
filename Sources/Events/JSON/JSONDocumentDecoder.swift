/// `Decoder` over one node of a `JSONDocument`: what a payload's `init(from:)` is handed.
struct JSONDocumentDecoder: Decoder {
    let document: JSONDocument
    let index: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try document.expect(.object, [String: Any].self, at: index, path: codingPath)
        return KeyedDecodingContainer(JSONObjectContainer<Key>(document: document, object: index, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try document.expect(.array, [Any].self, at: index, path: codingPath)
        return JSONArrayContainer(document: document, array: index, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONValueContainer(document: document, index: index, codingPath: codingPath)
    }
}

/// An array element's place in a coding path (`[n]` in a `JSONPath`).
struct JSONIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }

    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// The key `superDecoder()` reads, named as Foundation names it.
struct JSONSuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) {
        guard stringValue == "super" else { return nil }
    }
    init?(intValue: Int) { nil }
}
