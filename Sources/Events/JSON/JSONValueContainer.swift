/// The single-value container of any node: what `UUID`, `Date` and other wrapped values decode from.
struct JSONValueContainer: SingleValueDecodingContainer {
    let document: JSONDocument
    let index: Int
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { document.isNull(at: index) }
    func decode(_ type: Bool.Type) throws -> Bool { try document.decodeBool(at: index, path: codingPath) }
    func decode(_ type: String.Type) throws -> String { try document.decodeString(at: index, path: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try document.decodeFloat(Double.self, at: index, path: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try document.decodeFloat(Float.self, at: index, path: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try document.decode(T.self, at: index, path: codingPath) }

    private func integer<T: FixedWidthInteger>() throws -> T {
        try document.decodeInteger(T.self, at: index, path: codingPath)
    }
}
