import Postgres
import Testing

/// Enqueued statements run in order, their failures surface at the next statement that waits, and
/// whatever they belong to (transaction or savepoint) is undone with them.
@Suite struct PipelineTests {
    private func withEntryTable(_ label: String, _ body: (PostgresConnection) async throws -> Void) async throws {
        try await TestDatabase.withConnection(label) { connection in
            try await connection.executeScript("CREATE TABLE entry (seq bigserial, name text PRIMARY KEY)")
            try await body(connection)
        }
    }

    private func names(_ connection: PostgresConnection) async throws -> [String] {
        try await connection.query("SELECT name FROM entry ORDER BY seq").map { try $0["name"].string() }
    }

    @Test func enqueuedStatementsCommitInSendOrder() async throws {
        try await withEntryTable("pipeline_order") { connection async throws in
            // More than the pipeline holds at once, alternating two statements (one prepared mid-pipeline).
            let expected = (0..<700).map { "n\($0)" }
            try await connection.transaction { transaction in
                for (index, name) in expected.enumerated() {
                    if index.isMultiple(of: 2) {
                        try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text(name)])
                    } else {
                        try await transaction.enqueue("INSERT INTO entry (name) SELECT $1", [.text(name)])
                    }
                }
            }
            #expect(try await names(connection) == expected)
        }
    }

    @Test func aQueryInsideTheTransactionSeesEnqueuedWrites() async throws {
        try await withEntryTable("pipeline_read") { connection async throws in
            let count = try await connection.transaction { transaction in
                try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("a")])
                try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("b")])
                return try await transaction.query("SELECT count(*) AS n FROM entry").first?["n"].int64()
            }
            #expect(count == 2)
        }
    }

    @Test func aFailedEnqueuedStatementIsThrownByTheNextQueryAndRollsBack() async throws {
        try await withEntryTable("pipeline_fail_query") { connection async throws in
            var laterStatementRan = false
            let error = await capturePostgresError {
                try await connection.transaction { transaction in
                    try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("dup")])
                    try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("dup")])
                    try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("skipped")])
                    _ = try await transaction.query("SELECT 1")
                    laterStatementRan = true
                }
            }
            // The statement's own error (unique violation), not the aborted transaction's 25P02.
            #expect(error?.isUniqueViolation == true)
            #expect(error?.message.contains("INSERT INTO entry") == true)
            #expect(!laterStatementRan)
            #expect(try await names(connection).isEmpty)
            try await connection.execute("INSERT INTO entry (name) VALUES ($1)", [.text("usable")])
            #expect(try await names(connection) == ["usable"])
        }
    }

    @Test func aFailedEnqueuedStatementIsThrownByTheCommit() async throws {
        try await withEntryTable("pipeline_fail_commit") { connection async throws in
            let error = await capturePostgresError {
                try await connection.transaction { transaction in
                    try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("x")])
                    try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1::int::text)", [.text("not a number")])
                }
            }
            #expect(error?.sqlState == "22P02")
            #expect(try await names(connection).isEmpty)
        }
    }

    @Test func aFailedEnqueuedStatementUndoesOnlyItsSavepoint() async throws {
        try await withEntryTable("pipeline_savepoint") { connection async throws in
            try await connection.transaction { transaction in
                try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("outer")])
                let error = await capturePostgresError {
                    try await transaction.savepoint { inner in
                        try await inner.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("inner")])
                        try await inner.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("outer")])
                    }
                }
                #expect(error?.isUniqueViolation == true)
                try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("after")])
            }
            #expect(try await names(connection) == ["outer", "after"])
        }
    }

    @Test func aThrowWithStatementsInFlightRollsThemBack() async throws {
        struct Abort: Error {}
        try await withEntryTable("pipeline_abort") { connection async throws in
            await #expect(throws: Abort.self) {
                try await connection.transaction { transaction in
                    for index in 0..<50 {
                        try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("n\(index)")])
                    }
                    throw Abort()
                }
            }
            #expect(try await names(connection).isEmpty)
            try await connection.transaction { transaction in
                try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("next")])
            }
            #expect(try await names(connection) == ["next"])
        }
    }

    @Test func enqueueRejectsANulCharacterAtOnce() async throws {
        try await withEntryTable("pipeline_nul") { connection async throws in
            let error = await capturePostgresError {
                try await connection.transaction { transaction in
                    try await transaction.enqueue("INSERT INTO entry (name) VALUES ($1)", [.text("a\u{0}b")])
                }
            }
            #expect(error?.message.contains("NUL") == true)
            #expect(try await names(connection).isEmpty)
        }
    }
}
