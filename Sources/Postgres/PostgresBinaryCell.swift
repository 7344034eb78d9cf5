/// Reads a binary-format result value into the cell storage a text-format one would have: integers and
/// booleans as PostgreSQL prints them, text as it is, bytea as its bytes. Other types are not read; their
/// cells ask for the column to be cast to text.
enum PostgresBinaryCell {
    static func storage(_ bytes: UnsafeRawBufferPointer, typeOID: UInt32) -> PostgresCell.Storage {
        switch typeOID {
        case PostgresValue.TypeOID.bytea:
            return .bytea(Array(bytes))
        case PostgresValue.TypeOID.text, TypeOID.varchar, TypeOID.name, TypeOID.bpchar:
            return .value(String(decoding: bytes, as: UTF8.self))
        case PostgresValue.TypeOID.bool where bytes.count == 1:
            return .value(bytes[0] == 0 ? "f" : "t")
        case PostgresValue.TypeOID.int8 where bytes.count == 8:
            return .value(String(Int64(bigEndian: bytes.loadUnaligned(as: Int64.self))))
        case PostgresValue.TypeOID.int4 where bytes.count == 4:
            return .value(String(Int32(bigEndian: bytes.loadUnaligned(as: Int32.self))))
        case TypeOID.int2 where bytes.count == 2:
            return .value(String(Int16(bigEndian: bytes.loadUnaligned(as: Int16.self))))
        default:
            return .missing("a binary result of type OID \(typeOID) (\(bytes.count) bytes) is not read by this client; cast the column to text")
        }
    }

    private enum TypeOID {
        static let name: UInt32 = 19
        static let int2: UInt32 = 21
        static let bpchar: UInt32 = 1042
        static let varchar: UInt32 = 1043
    }
}
