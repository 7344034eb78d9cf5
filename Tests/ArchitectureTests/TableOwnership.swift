/// Which service library owns which tables, read from the `CREATE TABLE` statements of its migrations,
/// and where SQL names a table outside its owner.
struct TableOwnership: Sendable {
    /// The libraries that own a database, by folder under Sources/.
    static let serviceLibraries = ["OrderService", "PaymentService", "InventoryService", "ShippingService", "NotificationService", "PaymentProvider"]

    /// Table name → the library that owns it.
    var tables: [String: String]

    init(tables: [String: String]) {
        self.tables = tables
    }

    init(_ tree: SourceTree) {
        var tables: [String: String] = [:]
        for service in Self.serviceLibraries {
            for file in tree.files(in: service) where file.path.contains("/Migrations/") {
                for match in file.text.matches(of: #/CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)/#) {
                    tables[String(match.output.1)] = service
                }
            }
        }
        self.tables = tables
    }

    struct Trespass: Sendable, CustomStringConvertible {
        var path: String
        var table: String
        var owner: String
        var description: String { "\(path) names \(owner)'s table \(table) in SQL" }
    }

    /// SQL in `text` (a file of `target`) that reads or writes a table another library owns.
    func trespasses(in text: String, path: String, target: String) -> [Trespass] {
        var found: [Trespass] = []
        for match in text.matches(of: #/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_][a-z0-9_]*)\b/#) {
            let table = String(match.output.1)
            guard let owner = tables[table], owner != target else { continue }
            found.append(Trespass(path: path, table: table, owner: owner))
        }
        return found
    }
}
