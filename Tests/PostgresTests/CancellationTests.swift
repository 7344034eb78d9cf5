import Postgres
import Testing

/// Cancelling the task running a statement cancels the statement on the server.
@Suite struct CancellationTests {
    @Test func cancellingTheTaskStopsALongStatement() async throws {
        try await TestDatabase.withConnection("cancel") { connection async throws in
            let clock = ContinuousClock()
            let start = clock.now
            let sleeper = Task { try await connection.execute("SELECT pg_sleep(30)") }
            try await Task.sleep(for: .milliseconds(200))
            sleeper.cancel()
            let result = await sleeper.result
            #expect(clock.now - start < .seconds(10))
            guard case .failure(let error as PostgresError) = result else {
                Issue.record("expected a PostgresError, got \(result)")
                return
            }
            #expect(error.sqlState == "57014")
            #expect(try await connection.query("SELECT 1 AS one").first?["one"].int() == 1)
        }
    }

    @Test func alreadyCancelledTaskCanStillRunCleanupStatements() async throws {
        try await TestDatabase.withConnection("cancelled_cleanup") { connection async throws in
            try await connection.executeScript("CREATE TABLE cleanup (note text)")
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                for _ in 0..<20 {
                    try await connection.execute("INSERT INTO cleanup VALUES ('done')")
                }
            }
            try await task.value
            let rows = try await connection.query("SELECT count(*) AS n FROM cleanup")
            #expect(try rows.first?["n"].int() == 20)
        }
    }
}
