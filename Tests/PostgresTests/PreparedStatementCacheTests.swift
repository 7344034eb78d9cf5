import Postgres
import Testing

/// Statements are prepared once per connection and SQL text, then reused.
@Suite struct PreparedStatementCacheTests {
    private func preparedCount(_ connection: PostgresConnection, matching pattern: String) async throws -> Int {
        let rows = try await connection.query(
            "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE $1", [.text(pattern)])
        return try rows.first?["n"].int() ?? -1
    }

    @Test func sameSQLRunsAThousandTimesOnOnePreparedStatement() async throws {
        try await TestDatabase.withConnection("prepared") { connection async throws in
            try await connection.executeScript("CREATE TABLE counter (n bigint)")
            for value in 1...1_000 {
                try await connection.execute("INSERT INTO counter (n) VALUES ($1)", [value])
            }
            #expect(try await preparedCount(connection, matching: "INSERT INTO counter%") == 1)
            let sum = try await connection.query("SELECT sum(n)::int8 AS total FROM counter")
            #expect(try sum.first?["total"].int() == 500_500)
            let executions = try await connection.query(
                "SELECT generic_plans + custom_plans AS runs FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO counter%'")
            #expect(try executions.first?["runs"].int() == 1_000)
        }
    }

    @Test func statementSurvivesATableChangingShape() async throws {
        try await TestDatabase.withConnection("replan") { connection async throws in
            try await connection.executeScript("CREATE TABLE shape (a int)")
            _ = try await connection.query("SELECT * FROM shape")
            try await connection.executeScript("ALTER TABLE shape ADD COLUMN b int; INSERT INTO shape VALUES (1, 2)")
            let rows = try await connection.query("SELECT * FROM shape")
            #expect(rows.first?.columns == ["a", "b"])
        }
    }

    @Test func discardAllIsRecoveredFrom() async throws {
        try await TestDatabase.withConnection("discard") { connection async throws in
            #expect(try await connection.query("SELECT 41 + 1 AS v").first?["v"].int() == 42)
            try await connection.executeScript("DISCARD ALL")
            #expect(try await connection.query("SELECT 41 + 1 AS v").first?["v"].int() == 42)
        }
    }
}
