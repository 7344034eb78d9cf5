/// Reading one node as a Swift value, with the errors Foundation's `JSONDecoder` throws for the same
/// mismatch, so whatever inspects a `DecodingError` sees no difference.
extension JSONDocument {
    func decode<T: Decodable>(_ type: T.Type, at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> T {
        // The payloads' own field types, read without a decoder in between.
        // `unsafeBitCast` between a type and itself: a checked cast would cost a runtime lookup per field.
        if T.self == String.self { return unsafeBitCast(try decodeString(at: index, path: path()), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try decodeInteger(Int.self, at: index, path: path()), to: T.self) }
        if T.self == Int64.self { return unsafeBitCast(try decodeInteger(Int64.self, at: index, path: path()), to: T.self) }
        return try T(from: JSONDocumentDecoder(document: self, index: index, codingPath: path()))
    }

    func decodeString(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> String {
        try expect(.string, String.self, at: index, path: path())
        return string(at: index)
    }

    func decodeBool(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        switch nodes[index].kind {
        case .true: return true
        case .false: return false
        default: throw mismatch(Bool.self, at: index, path: path())
        }
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type, at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> T {
        try expect(.number, T.self, at: index, path: path())
        let node = nodes[index]
        guard let value = JSONNumber.integer(bytes[node.start..<node.end], as: T.self) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: path(), debugDescription: "Number \(text(of: node)) is not representable in \(T.self)."))
        }
        return value
    }

    func decodeFloat<T: BinaryFloatingPoint & LosslessStringConvertible>(_ type: T.Type, at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> T {
        try expect(.number, T.self, at: index, path: path())
        let node = nodes[index]
        guard let value = T(String(decoding: bytes[node.start..<node.end], as: UTF8.self)), value.isFinite else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: path(), debugDescription: "Number \(text(of: node)) is not representable in \(T.self)."))
        }
        return value
    }

    func isNull(at index: Int) -> Bool {
        nodes[index].kind == .null
    }

    func expect<T>(_ kind: Kind, _ type: T.Type, at index: Int, path: @autoclosure () -> [any CodingKey]) throws {
        guard nodes[index].kind != kind else { return }
        throw mismatch(T.self, at: index, path: path())
    }

    /// `valueNotFound` for null, `typeMismatch` for any other kind, as Foundation reports them.
    func mismatch<T>(_ type: T.Type, at index: Int, path: @autoclosure () -> [any CodingKey]) -> DecodingError {
        let kind = nodes[index].kind
        if kind == .null {
            return .valueNotFound(T.self, DecodingError.Context(
                codingPath: path(), debugDescription: "Cannot get value of type \(T.self) -- found null value instead"))
        }
        return .typeMismatch(T.self, DecodingError.Context(
            codingPath: path(), debugDescription: "Expected to decode \(T.self) but found \(kind.name) instead."))
    }

    /// A number's text for a message: a megabyte of digits is cut short.
    private func text(of node: Node) -> String {
        String(decoding: bytes[node.start..<min(node.end, node.start + 40)], as: UTF8.self)
    }
}

extension JSONDocument.Kind {
    var name: String {
        switch self {
        case .object: "a dictionary"
        case .array: "an array"
        case .string: "a string"
        case .number: "number"
        case .true, .false: "bool"
        case .null: "null"
        }
    }
}
