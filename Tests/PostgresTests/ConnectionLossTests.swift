import Postgres
import Testing

/// A server-side kill of the session surfaces as a retryable `.connection` error and a closed connection.
@Suite struct ConnectionLossTests {
    @Test func terminatedBackendIsReportedAsRetryableConnectionLoss() async throws {
        try await TestDatabase.withScratchSchema("lost") { configuration async throws in
            let victim = try await PostgresConnection.connect(configuration)
            let killer = try await PostgresConnection.connect(configuration)
            #expect(!victim.isClosed)
            let killed = try await killer.query("SELECT pg_terminate_backend($1) AS ok", [victim.backendPID])
            #expect(try killed.first?["ok"].bool() == true)

            let error = await capturePostgresError { _ = try await victim.query("SELECT 1") }
            #expect(error?.kind == .connection)
            #expect(error?.isRetryable == true)
            #expect(victim.isClosed)

            // Later calls keep failing the same way rather than hanging or crashing.
            let again = await capturePostgresError { try await victim.execute("SELECT 1") }
            #expect(again?.kind == .connection)

            try await victim.reconnect()
            #expect(!victim.isClosed)
            #expect(try await victim.query("SELECT 1 AS one").first?["one"].int() == 1)
            await victim.close()
            await killer.close()
        }
    }

    @Test func aBackendKilledWithStatementsEnqueuedFailsTheTransactionAsConnectionLoss() async throws {
        try await TestDatabase.withScratchSchema("lost_pipeline") { configuration async throws in
            let victim = try await PostgresConnection.connect(configuration)
            let killer = try await PostgresConnection.connect(configuration)
            let error = await capturePostgresError {
                try await victim.transaction { transaction in
                    try await transaction.enqueue("SELECT pg_sleep(0.2)")
                    _ = try await killer.query("SELECT pg_terminate_backend($1)", [victim.backendPID])
                    try await transaction.enqueue("SELECT 1")
                }
            }
            #expect(error?.kind == .connection)
            #expect(error?.isRetryable == true)
            #expect(victim.isClosed)

            try await victim.reconnect()
            try await victim.transaction { transaction in
                try await transaction.enqueue("SELECT 1")
            }
            #expect(try await victim.query("SELECT 1 AS one").first?["one"].int() == 1)
            await victim.close()
            await killer.close()
        }
    }

    @Test func closedConnectionRejectsStatements() async throws {
        try await TestDatabase.withScratchSchema("closed") { configuration async throws in
            let connection = try await PostgresConnection.connect(configuration)
            await connection.close()
            #expect(connection.isClosed)
            let error = await capturePostgresError { try await connection.execute("SELECT 1") }
            #expect(error?.kind == .closed)
            #expect(error?.isRetryable == false)
            await connection.close()  // idempotent
        }
    }
}
