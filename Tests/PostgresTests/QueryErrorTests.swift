import Postgres
import Testing

/// Statement failures carry SQLSTATE, the server's message and the statement, and leave the connection usable.
@Suite struct QueryErrorTests {
    @Test func syntaxErrorReports42601() async throws {
        try await TestDatabase.withConnection("syntax") { connection async throws in
            let error = await capturePostgresError { _ = try await connection.query("SELEC 1 FROM nowhere") }
            #expect(error?.kind == .query)
            #expect(error?.sqlState == "42601")
            #expect(error?.message.contains("syntax") == true)
            #expect(error?.message.contains("SELEC 1 FROM nowhere") == true)
            #expect(error?.isRetryable == false)
            #expect(try await connection.query("SELECT 2 AS two").first?["two"].int() == 2)
        }
    }

    @Test func uniqueViolationIsRecognisable() async throws {
        try await TestDatabase.withConnection("unique") { connection async throws in
            try await connection.executeScript("CREATE TABLE processed (id text PRIMARY KEY)")
            try await connection.execute("INSERT INTO processed VALUES ($1)", ["e1"])
            let error = await capturePostgresError { try await connection.execute("INSERT INTO processed VALUES ($1)", ["e1"]) }
            #expect(error?.isUniqueViolation == true)
            #expect(error?.message.contains("already exists") == true)  // the detail names the key
        }
    }

    @Test func scriptErrorsAndEmptyStatementsAreHandled() async throws {
        try await TestDatabase.withConnection("script") { connection async throws in
            try await connection.executeScript("")
            let error = await capturePostgresError { try await connection.executeScript("CREATE TABLE a (id int); CREATE TABLE a (id int)") }
            #expect(error?.sqlState == "42P07")
            // A failed script is atomic: the first table was not kept either.
            let exists = try await connection.query("SELECT to_regclass('a') IS NOT NULL AS present")
            #expect(try exists.first?["present"].bool() == false)
        }
    }

    @Test func serializationFailuresAreRetryable() {
        #expect(PostgresError(kind: .query, message: "x", sqlState: "40001").isRetryable)
        #expect(PostgresError(kind: .query, message: "x", sqlState: "40P01").isRetryable)
        #expect(PostgresError(kind: .query, message: "x", sqlState: "08006").isRetryable)
        #expect(!PostgresError(kind: .query, message: "x", sqlState: "23505").isRetryable)
    }
}
