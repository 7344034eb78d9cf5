import Foundation

/// One value of a row, decoded on demand. Every decoder throws `PostgresError(kind: .decoding)` naming the
/// column and the offending value instead of guessing.
public struct PostgresCell: Sendable {
    enum Storage: Sendable {
        case value(String)
        /// A bytea value, already decoded from its hex text.
        case bytea([UInt8])
        case null
        case missing(String)
    }

    /// The column name (or `#index` when looked up by an index that does not exist).
    public let column: String
    let typeOID: UInt32
    let storage: Storage

    public var isNull: Bool {
        if case .null = storage { return true }
        return false
    }

    /// The value as PostgreSQL printed it. Works for every type.
    public func string() throws(PostgresError) -> String {
        switch storage {
        case .value(let text): return text
        case .bytea(let bytes): return PostgresHex.render(bytes)
        case .null: throw failure("is NULL; read it with optional(...) or decode(T?.self)")
        case .missing(let reason): throw PostgresError(kind: .decoding, message: reason)
        }
    }

    public func int() throws(PostgresError) -> Int { try parsed("Int") { Int($0) } }
    public func int32() throws(PostgresError) -> Int32 { try parsed("Int32") { Int32($0) } }
    public func int64() throws(PostgresError) -> Int64 { try parsed("Int64") { Int64($0) } }

    public func bool() throws(PostgresError) -> Bool {
        try parsed("Bool") { text in
            switch text {
            case "t", "true": true
            case "f", "false": false
            default: nil
            }
        }
    }

    public func uuid() throws(PostgresError) -> UUID { try parsed("UUID") { UUID(uuidString: $0) } }

    /// A `timestamptz` (also `timestamp`, read as UTC, and `date`, as midnight UTC).
    public func date() throws(PostgresError) -> Date { try parsed("Date") { PostgresTimestamp.parse($0) } }

    public func double() throws(PostgresError) -> Double {
        try parsed("Double") { text in
            switch text {
            case "NaN": Double.nan
            case "Infinity": Double.infinity
            case "-Infinity": -Double.infinity
            default: Double(text)
            }
        }
    }

    /// A `bytea` value's bytes. For other types, the UTF-8 bytes of the text.
    public func bytes() throws(PostgresError) -> [UInt8] {
        if case .bytea(let bytes) = storage { return bytes }
        guard typeOID == PostgresValue.TypeOID.bytea else { return Array(try string().utf8) }
        return try parsed("bytea bytes") { PostgresHex.parse($0) }
    }

    /// A `json`/`jsonb` value as UTF-8 bytes, ready for `JSONDecoder`.
    public func json() throws(PostgresError) -> [UInt8] { Array(try string().utf8) }

    /// Nil for NULL, otherwise the value decoded by `decode`: `try row["note"].optional { try $0.string() }`.
    public func optional<T, Failure: Error>(_ decode: (PostgresCell) throws(Failure) -> T) throws(Failure) -> T? {
        isNull ? nil : try decode(self)
    }

    /// The value as any `PostgresDecodable` type; `decode(String?.self)` gives nil for NULL.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self) throws(PostgresError) -> T {
        try T.decode(from: self)
    }

    private func parsed<T>(_ typeName: String, _ parse: (String) -> T?) throws(PostgresError) -> T {
        let text = try string()
        guard let value = parse(text) else {
            let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
            throw failure("holds \"\(shown)\", which is not a valid \(typeName)")
        }
        return value
    }

    private func failure(_ problem: String) -> PostgresError {
        let typeName = PostgresCell.typeNames[typeOID].map { " (\($0))" } ?? ""
        return PostgresError(kind: .decoding, message: "column \"\(column)\"\(typeName) \(problem)")
    }

    private static let typeNames: [UInt32: String] = [
        16: "bool", 17: "bytea", 20: "int8", 21: "int2", 23: "int4", 25: "text", 114: "json", 700: "float4",
        701: "float8", 1043: "varchar", 1082: "date", 1114: "timestamp", 1184: "timestamptz", 1700: "numeric",
        2950: "uuid", 3802: "jsonb",
    ]
}
