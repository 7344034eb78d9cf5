/// The unkeyed container of a JSON array: its elements one after the other.
struct JSONArrayContainer: UnkeyedDecodingContainer {
    let document: JSONDocument
    let codingPath: [any CodingKey]
    let count: Int?
    private(set) var currentIndex = 0
    /// The node of the element `currentIndex`.
    private var element: Int

    init(document: JSONDocument, array: Int, codingPath: [any CodingKey]) {
        self.document = document
        self.codingPath = codingPath
        self.count = document.nodes[array].count
        self.element = array + 1
    }

    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    private func path(at position: Int) -> [any CodingKey] { codingPath + [JSONIndexKey(position)] }

    /// The current element's node, moving past it.
    private mutating func next<T>(_ type: T.Type) throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(T.self, DecodingError.Context(
                codingPath: path(at: currentIndex), debugDescription: "Unkeyed container is at end."))
        }
        let index = element
        element = document.nodes[index].next
        currentIndex += 1
        return index
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, document.isNull(at: element) else { return false }
        _ = try next(Never?.self)
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let position = currentIndex
        return try document.decodeBool(at: try next(Bool.self), path: path(at: position))
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let position = currentIndex
        return try document.decodeString(at: try next(String.self), path: path(at: position))
    }

    mutating func decode(_ type: Double.Type) throws -> Double { try float() }
    mutating func decode(_ type: Float.Type) throws -> Float { try float() }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let position = currentIndex
        return try document.decode(T.self, at: try next(T.self), path: path(at: position))
    }

    private mutating func integer<T: FixedWidthInteger>() throws -> T {
        let position = currentIndex
        return try document.decodeInteger(T.self, at: try next(T.self), path: path(at: position))
    }

    private mutating func float<T: BinaryFloatingPoint & LosslessStringConvertible>() throws -> T {
        let position = currentIndex
        return try document.decodeFloat(T.self, at: try next(T.self), path: path(at: position))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder().container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try decoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try decoder() }

    private mutating func decoder() throws -> JSONDocumentDecoder {
        let position = currentIndex
        return JSONDocumentDecoder(document: document, index: try next(JSONDocumentDecoder.self), codingPath: path(at: position))
    }
}
