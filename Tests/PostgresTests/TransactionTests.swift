import Postgres
import Testing

/// Transactions commit or roll back as a whole; savepoints undo only their own part.
@Suite struct TransactionTests {
    private func names(_ connection: PostgresConnection) async throws -> [String] {
        try await connection.query("SELECT name FROM entry ORDER BY name").map { try $0["name"].string() }
    }

    private func withEntryTable(_ label: String, _ body: (PostgresConnection) async throws -> Void) async throws {
        try await TestDatabase.withConnection(label) { connection in
            try await connection.executeScript("CREATE TABLE entry (name text PRIMARY KEY)")
            try await body(connection)
        }
    }

    @Test func failingSavepointLeavesOuterTransactionUsable() async throws {
        try await withEntryTable("savepoint") { connection async throws in
            try await connection.transaction { transaction in
                try await transaction.execute("INSERT INTO entry VALUES ($1)", ["before"])
                let error = await capturePostgresError {
                    try await transaction.savepoint { inner in
                        try await inner.execute("INSERT INTO entry VALUES ($1)", ["inside"])
                        try await inner.execute("INSERT INTO entry VALUES ($1)", ["before"])  // duplicate key
                    }
                }
                #expect(error?.isUniqueViolation == true)
                try await transaction.execute("INSERT INTO entry VALUES ($1)", ["after"])
            }
            #expect(try await names(connection) == ["after", "before"])
        }
    }

    @Test func throwInBodyRollsEverythingBack() async throws {
        struct Abort: Error {}
        try await withEntryTable("rollback") { connection async throws in
            await #expect(throws: Abort.self) {
                try await connection.transaction { transaction in
                    try await transaction.execute("INSERT INTO entry VALUES ($1)", ["one"])
                    try await transaction.savepoint { inner in
                        try await inner.execute("INSERT INTO entry VALUES ($1)", ["two"])
                    }
                    throw Abort()
                }
            }
            #expect(try await names(connection).isEmpty)
            try await connection.execute("INSERT INTO entry VALUES ($1)", ["usable"])
            #expect(try await names(connection) == ["usable"])
        }
    }

    @Test func caughtStatementErrorFailsTheCommit() async throws {
        try await withEntryTable("swallowed") { connection async throws in
            let error = await capturePostgresError {
                try await connection.transaction { transaction in
                    try await transaction.execute("INSERT INTO entry VALUES ($1)", ["kept?"])
                    _ = try? await transaction.execute("SELECT 1/0")
                }
            }
            #expect(error?.sqlState == "25P02")
            #expect(try await names(connection).isEmpty)
        }
    }

    @Test func committedTransactionReturnsItsValue() async throws {
        try await withEntryTable("commit") { connection async throws in
            let count = try await connection.transaction(isolation: .serializable) { transaction in
                try await transaction.execute("INSERT INTO entry VALUES ($1), ($2)", ["a", "b"])
                let level = try await transaction.query("SHOW transaction_isolation")
                #expect(try level.first?[0].string() == "serializable")
                return try await transaction.query("SELECT count(*) AS n FROM entry").first?["n"].int()
            }
            #expect(count == 2)
            #expect(try await names(connection) == ["a", "b"])
        }
    }

    @Test func nestedSavepointsUndoOnlyTheInnermost() async throws {
        struct Abort: Error {}
        try await withEntryTable("nested") { connection async throws in
            try await connection.transaction { transaction in
                try await transaction.savepoint { level1 in
                    try await level1.execute("INSERT INTO entry VALUES ('one')")
                    _ = try? await level1.savepoint { level2 in
                        try await level2.execute("INSERT INTO entry VALUES ('two')")
                        throw Abort()
                    }
                    try await level1.execute("INSERT INTO entry VALUES ('three')")
                }
            }
            #expect(try await names(connection) == ["one", "three"])
        }
    }

    @Test func handleUsedAfterItsTransactionIsRejected() async throws {
        try await withEntryTable("escaped") { connection async throws in
            let escaped = try await connection.transaction { $0 }
            let error = await capturePostgresError { try await escaped.execute("INSERT INTO entry VALUES ('late')") }
            #expect(error?.kind == .closed)
            #expect(try await names(connection).isEmpty)
        }
    }
}
