/// Column names and types of one result, shared by all of its rows.
final class PostgresColumns: Sendable {
    let names: [String]
    let typeOIDs: [UInt32]
    private let indexByName: [String: Int]

    init(names: [String], typeOIDs: [UInt32]) {
        self.names = names
        self.typeOIDs = typeOIDs
        var indexByName: [String: Int] = [:]
        // With duplicate names (SELECT a.id, b.id) the first one wins, as in most drivers.
        for (index, name) in names.enumerated() where indexByName[name] == nil {
            indexByName[name] = index
        }
        self.indexByName = indexByName
    }

    func index(of name: String) -> Int? { indexByName[name] }
}

/// One result row. Values are kept in PostgreSQL's text format and decoded on access, except bytea,
/// whose hex text is decoded once while the result is read (it is the bulk of an outbox batch).
public struct PostgresRow: Sendable {
    let columnSet: PostgresColumns
    let values: [PostgresCell.Storage]

    init(columns: PostgresColumns, storage: [PostgresCell.Storage]) {
        self.columnSet = columns
        self.values = storage
    }

    init(columns: PostgresColumns, values: [String?]) {
        self.init(columns: columns, storage: values.map { $0.map { .value($0) } ?? .null })
    }

    public var columns: [String] { columnSet.names }

    public var count: Int { values.count }

    /// The cell of the named column. A name the row lacks gives a cell whose decoding fails and says so.
    public subscript(column: String) -> PostgresCell {
        guard let index = columnSet.index(of: column) else {
            return PostgresCell(
                column: column, typeOID: 0,
                storage: .missing("the result has no column named \"\(column)\" (columns: \(columns.joined(separator: ", ")))"))
        }
        return self[index]
    }

    /// The cell at a zero-based position. A position out of range gives a cell whose decoding fails.
    public subscript(index: Int) -> PostgresCell {
        guard values.indices.contains(index) else {
            return PostgresCell(
                column: "#\(index)", typeOID: 0,
                storage: .missing("the result has \(values.count) columns; there is no column at index \(index)"))
        }
        return PostgresCell(column: columnSet.names[index], typeOID: columnSet.typeOIDs[index], storage: values[index])
    }
}
