import Testing

/// A service owns its data: only its own library names its tables. Everything else (the CLI, the
/// invariant checks, the fault suite, the bench, other services) asks its public read API.
@Suite struct DataOwnershipTests {
    @Test func everyServiceDeclaresItsTables() throws {
        let ownership = TableOwnership(try SourceTree.load())
        for table in ["orders", "order_history", "api_requests", "payments", "customer_credit", "stock", "reservations",
                      "destinations", "shipments", "notifications",
                      "provider_charges", "provider_refunds", "provider_credit", "provider_idempotency"] {
            #expect(ownership.tables[table] != nil, "no migration creates \(table); did the migrations move?")
        }
    }

    @Test func noSQLNamesAnotherLibrarysTables() throws {
        let tree = try SourceTree.load()
        let ownership = TableOwnership(tree)
        let trespasses = tree.files.flatMap { ownership.trespasses(in: $0.text, path: $0.path, target: $0.target) }
        #expect(trespasses.isEmpty, "\(trespasses.map(\.description).joined(separator: "\n"))")
    }

    /// The check itself: the CLI's former copy of the order API's query is caught.
    @Test func aCopiedQueryIsCaught() {
        let ownership = TableOwnership(tables: ["orders": "OrderService", "order_history": "OrderService"])
        let copied = """
            SELECT order_id, customer_id, status FROM orders WHERE order_id = $1
            SELECT event_type, event_id FROM order_history WHERE order_id = $1 ORDER BY id
            """
        let found = ownership.trespasses(in: copied, path: "Sources/OrderflowCLI/Orders/OrderSnapshot.swift", target: "OrderflowCLI")
        #expect(found.map(\.table) == ["orders", "order_history"])
        #expect(ownership.trespasses(in: copied, path: "Sources/OrderService/Store/OrderReads.swift", target: "OrderService").isEmpty)
        // Words in prose are not SQL.
        #expect(ownership.trespasses(in: "reads the orders topic and payments from Kafka", path: "x", target: "OrderflowCLI").isEmpty)
    }
}
