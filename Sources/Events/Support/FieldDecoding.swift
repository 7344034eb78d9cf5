import Foundation

extension Decoder {
    /// The keyed container of a JSON object, failing with the object's path when it is not one.
    func objectContainer<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        do {
            return try container(keyedBy: type)
        } catch {
            throw PayloadFieldError(path: JSONPath.render(codingPath), message: "must be an object")
        }
    }
}

/// Field readers that report failures as `PayloadFieldError` with the field's full JSON path,
/// and that treat an explicit `null` as a wrong type (the schemas never allow null).
extension KeyedDecodingContainer {
    func path(of key: Key) -> String {
        JSONPath.render(codingPath + [key])
    }

    /// One lookup of the key: its absence is the decoder's `keyNotFound` for this very key (a nested
    /// value's missing key is already a `PayloadFieldError` with its own path).
    func required<Value: Decodable>(_ key: Key, expected: String) throws -> Value {
        do {
            return try decode(Value.self, forKey: key)
        } catch let error as PayloadFieldError {
            throw error
        } catch DecodingError.keyNotFound(let missing, let context)
            where missing.stringValue == key.stringValue && context.codingPath.count == codingPath.count {
            throw PayloadFieldError(path: path(of: key), message: "is required")
        } catch {
            throw PayloadFieldError(path: path(of: key), message: "must be \(expected)")
        }
    }

    func string(_ key: Key) throws -> String {
        try required(key, expected: "a string")
    }

    func integer(_ key: Key) throws -> Int {
        try required(key, expected: "an integer within 64 bits")
    }

    func int64(_ key: Key) throws -> Int64 {
        try required(key, expected: "an integer within 64 bits")
    }

    func uuid(_ key: Key) throws -> UUID {
        let text = try string(key)
        guard let uuid = UUID(parsing: text) else {
            throw PayloadFieldError(path: path(of: key), message: "must be a UUID string")
        }
        return uuid
    }

    func array<Element: Decodable>(_ key: Key) throws -> [Element] {
        try required(key, expected: "an array")
    }

    /// Absent means nil; present must be a string (not null).
    func optionalString(_ key: Key) throws -> String? {
        guard contains(key) else { return nil }
        return try string(key)
    }

    func enumeration<Value: RawRepresentable & CaseIterable>(_ key: Key, as type: Value.Type) throws -> Value
    where Value.RawValue == String {
        let raw = try string(key)
        guard let value = Value(rawValue: raw) else {
            let allowed = Value.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw PayloadFieldError(path: path(of: key), message: "must be one of \(allowed)")
        }
        return value
    }
}

extension KeyedEncodingContainer {
    /// UUIDs go on the wire lowercase; Foundation's UUID encodes uppercase.
    mutating func encode(uuid: UUID, forKey key: Key) throws {
        try encode(uuid.lowercased, forKey: key)
    }
}
