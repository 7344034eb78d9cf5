import CLibPQ

/// What a successful statement produced.
struct QueryOutcome: Sendable {
    var rows: [PostgresRow]
    var affectedRows: Int
    var commandStatus: String

    /// What a call that produces no result of its own (enqueueing, settling a pipeline) hands back.
    static let none = QueryOutcome(rows: [], affectedRows: 0, commandStatus: "")
}

extension QueryOutcome {
    /// Copies a PGresult into Swift values, so the PGresult can be cleared at once.
    init(reading result: OpaquePointer) {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        var names: [String] = []
        var types: [UInt32] = []
        var binary: [Bool] = []
        names.reserveCapacity(Int(columnCount))
        types.reserveCapacity(Int(columnCount))
        for column in 0..<columnCount {
            names.append(PQfname(result, column).map { String(cString: $0) } ?? "?column?")
            types.append(PQftype(result, column))
            binary.append(PQfformat(result, column) == 1)
        }
        let columns = PostgresColumns(names: names, typeOIDs: types)
        var rows: [PostgresRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [PostgresCell.Storage] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                values.append(Self.cell(
                    result, row: row, column: column, typeOID: types[Int(column)], binary: binary[Int(column)]))
            }
            rows.append(PostgresRow(columns: columns, storage: values))
        }
        let affected = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
        let status = PQcmdStatus(result).map { String(cString: $0) } ?? ""
        self.init(rows: rows, affectedRows: affected, commandStatus: status)
    }

    /// One cell, read with its length (no strlen) and, for bytea, decoded straight from libpq's buffer.
    private static func cell(
        _ result: OpaquePointer, row: Int32, column: Int32, typeOID: UInt32, binary: Bool
    ) -> PostgresCell.Storage {
        guard PQgetisnull(result, row, column) == 0 else { return .null }
        guard let pointer = PQgetvalue(result, row, column) else { return .value("") }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: Int(PQgetlength(result, row, column)))
        if binary { return PostgresBinaryCell.storage(bytes, typeOID: typeOID) }
        if typeOID == PostgresValue.TypeOID.bytea, let decoded = PostgresHex.parse(bytes) {
            return .bytea(decoded)
        }
        return .value(String(decoding: bytes, as: UTF8.self))
    }
}
