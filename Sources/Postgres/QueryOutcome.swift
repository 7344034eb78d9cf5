import CLibPQ

/// What a successful statement produced.
struct QueryOutcome: Sendable {
    var rows: [PostgresRow]
    var affectedRows: Int
    var commandStatus: String
}

extension QueryOutcome {
    /// Copies a PGresult into Swift values (text format), so the PGresult can be cleared at once.
    init(reading result: OpaquePointer) {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        var names: [String] = []
        var types: [UInt32] = []
        names.reserveCapacity(Int(columnCount))
        types.reserveCapacity(Int(columnCount))
        for column in 0..<columnCount {
            names.append(PQfname(result, column).map { String(cString: $0) } ?? "?column?")
            types.append(PQftype(result, column))
        }
        let columns = PostgresColumns(names: names, typeOIDs: types)
        var rows: [PostgresRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(PQgetvalue(result, row, column).map { String(cString: $0) } ?? "")
                }
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        let affected = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
        let status = PQcmdStatus(result).map { String(cString: $0) } ?? ""
        self.init(rows: rows, affectedRows: affected, commandStatus: status)
    }
}
