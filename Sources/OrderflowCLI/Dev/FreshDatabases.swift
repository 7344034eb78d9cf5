import LocalStack

/// A stack on the embedded broker starts with empty service databases. The broker keeps its records
/// in memory only; databases kept from an earlier stack would hold orders, processed event ids and
/// outbox positions of records that no longer exist, and would silently swallow repeated orders
/// (`--seed` reproduces ids) as duplicates.
enum FreshDatabases {
    static func prepare(_ databases: StackDatabases, output: ProcessOutput) async throws {
        let names = PipelineService.allCases.map(databases.name(of:))
        output.write(label: "dev", line: "databases: starting empty (\(names.joined(separator: ", "))), as the embedded broker does")
        do {
            try await databases.dropAll()
        } catch {
            throw DevError("could not create the databases (each stack on the embedded broker starts them empty): \(error)")
        }
    }
}
