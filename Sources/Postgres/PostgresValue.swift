import Foundation

/// A statement parameter. Each case is sent with its PostgreSQL type, so `$1` needs no cast in SQL.
public enum PostgresValue: Sendable, Hashable {
    case null
    case text(String)
    /// Sent as `int8`.
    case int(Int)
    case int32(Int32)
    case int64(Int64)
    case bool(Bool)
    case uuid(UUID)
    case timestamptz(Date)
    /// JSON text, sent as `jsonb`.
    case jsonb(String)
    case bytea([UInt8])
    /// Sent as `float8`.
    case double(Double)
    /// One-dimensional arrays without NULLs, sent in binary (`text[]`, `bytea[]`, `int4[]`, `int8[]`,
    /// `uuid[]`): one parameter for a whole batch, e.g. `INSERT … SELECT FROM unnest($1, $2)`, keeps the
    /// statement text (and so its prepared statement) the same for any number of rows.
    case textArray([String])
    case byteaArray([[UInt8]])
    case int32Array([Int32])
    case int64Array([Int64])
    case uuidArray([UUID])

    /// A `jsonb` parameter from UTF-8 JSON bytes (as produced by `JSONEncoder`).
    public static func jsonb(utf8 bytes: some Collection<UInt8>) -> PostgresValue {
        .jsonb(String(decoding: bytes, as: UTF8.self))
    }

    public init(_ value: some PostgresEncodable) {
        self = value.postgresValue
    }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension PostgresValue {
    /// PostgreSQL type OIDs (pg_type.oid); 0 lets the server infer the type of a NULL from its context.
    enum TypeOID {
        static let unspecified: UInt32 = 0
        static let bool: UInt32 = 16
        static let bytea: UInt32 = 17
        static let int8: UInt32 = 20
        static let int4: UInt32 = 23
        static let text: UInt32 = 25
        static let float8: UInt32 = 701
        static let timestamptz: UInt32 = 1184
        static let uuid: UInt32 = 2950
        static let jsonb: UInt32 = 3802
        // Arrays of the above (pg_type.typarray).
        static let byteaArray: UInt32 = 1001
        static let int4Array: UInt32 = 1007
        static let textArray: UInt32 = 1009
        static let int8Array: UInt32 = 1016
        static let uuidArray: UInt32 = 2951
    }

    var typeOID: UInt32 {
        switch self {
        case .null: TypeOID.unspecified
        case .text: TypeOID.text
        case .int, .int64: TypeOID.int8
        case .int32: TypeOID.int4
        case .bool: TypeOID.bool
        case .uuid: TypeOID.uuid
        case .timestamptz: TypeOID.timestamptz
        case .jsonb: TypeOID.jsonb
        case .bytea: TypeOID.bytea
        case .double: TypeOID.float8
        case .textArray: TypeOID.textArray
        case .byteaArray: TypeOID.byteaArray
        case .int32Array: TypeOID.int4Array
        case .int64Array: TypeOID.int8Array
        case .uuidArray: TypeOID.uuidArray
        }
    }

    /// How the value travels: text for most scalars, binary for bytea, uuid and arrays.
    var wire: WireParameter {
        switch self {
        case .null: .null
        case .text(let value), .jsonb(let value): .text(value)
        case .int(let value): .text(String(value))
        case .int32(let value): .text(String(value))
        case .int64(let value): .text(String(value))
        case .bool(let value): .text(value ? "t" : "f")
        case .timestamptz(let value): .text(PostgresTimestamp.render(value))
        case .double(let value): .text(Self.render(value))
        case .bytea(let value): .binary(value)
        case .uuid(let value): .binary(withUnsafeBytes(of: value.uuid) { Array($0) })
        case .textArray(let values):
            .binary(PostgresBinary.array(
                elementOID: TypeOID.text, values, elementSize: { $0.utf8.count },
                write: { value, out in out.append(contentsOf: value.utf8) }))
        case .byteaArray(let values):
            .binary(PostgresBinary.array(
                elementOID: TypeOID.bytea, values, elementSize: { $0.count }, write: { value, out in out.append(contentsOf: value) }))
        case .int32Array(let values):
            .binary(PostgresBinary.array(
                elementOID: TypeOID.int4, values, elementSize: { _ in 4 }, write: { PostgresBinary.append($0, to: &$1) }))
        case .int64Array(let values):
            .binary(PostgresBinary.array(
                elementOID: TypeOID.int8, values, elementSize: { _ in 8 }, write: { PostgresBinary.append($0, to: &$1) }))
        case .uuidArray(let values):
            .binary(PostgresBinary.array(
                elementOID: TypeOID.uuid, values, elementSize: { _ in 16 }, write: { PostgresBinary.append($0, to: &$1) }))
        }
    }

    /// Text values that PostgreSQL would refuse or cut short: text cannot hold NUL.
    var textWithNUL: Int? {
        switch self {
        case .text(let value), .jsonb(let value): WireParameter.containsNUL(value) ? 0 : nil
        case .textArray(let values): values.firstIndex(where: WireParameter.containsNUL)
        default: nil
        }
    }

    private static func render(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        // Swift's description is the shortest text that reads back to the same Double.
        return value.description
    }
}
