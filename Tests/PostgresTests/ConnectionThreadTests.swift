import Postgres
import Testing

/// A task pinned to the connection's thread runs statements in place, alongside ordinary tasks.
@Suite struct ConnectionThreadTests {
    @Test func pinnedAndUnpinnedTasksShareTheConnectionCorrectly() async throws {
        try await TestDatabase.withConnection("pinned") { connection async throws in
            try await connection.executeScript("CREATE TABLE entry (source text, n int8)")
            async let pinned: Void = connection.withConnectionThread {
                for n in 0..<200 {
                    try await connection.execute("INSERT INTO entry VALUES ('pinned', $1)", [n])
                }
                try await connection.transaction { transaction in
                    try await transaction.execute("INSERT INTO entry VALUES ('pinned', -1)")
                }
            }
            async let unpinned: Void = {
                for n in 0..<200 {
                    try await connection.execute("INSERT INTO entry VALUES ('unpinned', $1)", [n])
                }
            }()
            _ = try await (pinned, unpinned)
            let counts = try await connection.query("SELECT source, count(*) AS n FROM entry GROUP BY source ORDER BY source")
            #expect(try counts.map { try $0["source"].string() } == ["pinned", "unpinned"])
            #expect(try counts.map { try $0["n"].int() } == [201, 200])
        }
    }

    @Test func cancellingAPinnedStatementStillWorks() async throws {
        try await TestDatabase.withConnection("pinned_cancel") { connection async throws in
            let sleeper = Task {
                try await connection.withConnectionThread { try await connection.execute("SELECT pg_sleep(30)") }
            }
            try await Task.sleep(for: .milliseconds(200))
            sleeper.cancel()
            let error = await capturePostgresError { _ = try await sleeper.value }
            #expect(error?.sqlState == "57014")
        }
    }
}
