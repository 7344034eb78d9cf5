import Postgres
import Testing

/// One connection shared by many tasks: statements serialize and never land in another task's transaction.
@Suite struct SharedConnectionTests {
    @Test func concurrentStatementsAllComplete() async throws {
        try await TestDatabase.withConnection("shared") { connection async throws in
            let sum = try await withThrowingTaskGroup(of: Int.self) { group in
                for value in 1...50 {
                    group.addTask { try await connection.query("SELECT $1::int8 * 2 AS v", [value]).first?["v"].int() ?? 0 }
                }
                return try await group.reduce(0, +)
            }
            #expect(sum == (1...50).reduce(0, +) * 2)
        }
    }

    @Test func otherTasksStatementsStayOutOfARollingBackTransaction() async throws {
        struct Abort: Error {}
        try await TestDatabase.withConnection("isolation") { connection async throws in
            try await connection.executeScript("CREATE TABLE entry (name text)")
            let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
            async let transaction: Void = {
                do {
                    try await connection.transaction { transaction in
                        try await transaction.execute("INSERT INTO entry VALUES ('in transaction')")
                        startedContinuation.yield()
                        try await Task.sleep(for: .milliseconds(200))
                        throw Abort()
                    }
                } catch is Abort {}
            }()
            for await _ in started { break }
            // Waits for the transaction to end rather than running inside it.
            try await connection.execute("INSERT INTO entry VALUES ('outside')")
            try await transaction
            let names = try await connection.query("SELECT name FROM entry").map { try $0["name"].string() }
            #expect(names == ["outside"])
        }
    }

    @Test func connectionStatementsInsideTheBodyJoinTheTransaction() async throws {
        struct Abort: Error {}
        try await TestDatabase.withConnection("joined") { connection async throws in
            try await connection.executeScript("CREATE TABLE entry (name text)")
            await #expect(throws: Abort.self) {
                try await connection.transaction { _ in
                    try await connection.execute("INSERT INTO entry VALUES ('through the connection')")
                    throw Abort()
                }
            }
            let count = try await connection.query("SELECT count(*) AS n FROM entry").first?["n"].int()
            #expect(count == 0)
        }
    }

    @Test func nestedTransactionOnTheSameConnectionIsRefused() async throws {
        try await TestDatabase.withConnection("nested_tx") { connection async throws in
            let error = await capturePostgresError {
                try await connection.transaction { _ in
                    try await connection.transaction { _ in }
                }
            }
            #expect(error?.message.contains("savepoint") == true)
            #expect(try await connection.query("SELECT 1 AS one").first?["one"].int() == 1)
        }
    }
}
