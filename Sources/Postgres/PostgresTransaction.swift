import CLibPQ
import Synchronization

/// Whether a transaction or savepoint handle may still be used: it is valid only inside its closure.
final class TransactionScope: Sendable {
    private let open = Atomic<Bool>(true)
    private let parent: TransactionScope?

    init(parent: TransactionScope?) { self.parent = parent }

    var isOpen: Bool { open.load(ordering: .acquiring) && (parent?.isOpen ?? true) }

    func close() { open.store(false, ordering: .releasing) }

    func check() throws(PostgresError) {
        guard isOpen else {
            throw PostgresError(kind: .closed, message: "the transaction or savepoint this handle belongs to has already ended")
        }
    }
}

/// Statements inside `PostgresConnection.transaction`. Valid only inside the transaction closure.
public struct PostgresTransaction: Sendable {
    let connection: PostgresConnection
    let scope: TransactionScope
    let depth: Int

    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) async throws(PostgresError) -> Int {
        try scope.check()
        return try await connection.perform { $0.execute(sql, parameters) }.affectedRows
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PostgresEncodable]) async throws(PostgresError) -> Int {
        try await execute(sql, parameters.map(\.postgresValue))
    }

    /// Sends a statement without waiting for it to run (libpq's pipeline mode), for writes whose result
    /// the caller does not need. Consecutive enqueued statements cost the server's time instead of a
    /// network round trip each. If one fails, the server skips the rest and the transaction is aborted;
    /// the failure is thrown by the next statement that waits for its result — `execute`, `query`, the
    /// end of a `savepoint`, or the commit — so it still rolls back whatever it belongs to.
    public func enqueue(_ sql: String, _ parameters: [PostgresValue] = []) async throws(PostgresError) {
        try scope.check()
        _ = try await connection.perform { session in
            session.enqueue(sql, parameters).map { QueryOutcome.none }
        }
    }

    public func enqueue(_ sql: String, _ parameters: [any PostgresEncodable]) async throws(PostgresError) {
        try await enqueue(sql, parameters.map(\.postgresValue))
    }

    /// Waits for every enqueued statement and throws the first one's failure.
    public func settle() async throws(PostgresError) {
        try scope.check()
        _ = try await connection.perform { session in
            session.settlePipeline().map { QueryOutcome.none }
        }
    }

    public func query(_ sql: String, _ parameters: [PostgresValue] = []) async throws(PostgresError) -> [PostgresRow] {
        try scope.check()
        return try await connection.perform { $0.execute(sql, parameters) }.rows
    }

    public func query(_ sql: String, _ parameters: [any PostgresEncodable]) async throws(PostgresError) -> [PostgresRow] {
        try await query(sql, parameters.map(\.postgresValue))
    }

    /// Several statements without parameters, inside this transaction.
    public func executeScript(_ sql: String) async throws(PostgresError) {
        try scope.check()
        _ = try await connection.perform { $0.executeScript(sql) }
    }

    /// Notifies `channel` when this transaction commits (nothing is sent if it rolls back).
    public func notify(channel: String, payload: String = "") async throws(PostgresError) {
        try await execute("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    /// SAVEPOINT; body; RELEASE. On a throw (or when a statement inside failed and its error was caught)
    /// the savepoint's work is rolled back, the outer transaction stays usable, and the error is thrown.
    @discardableResult
    public func savepoint<T: Sendable>(_ body: (PostgresTransaction) async throws -> T) async throws -> T {
        try scope.check()
        let name = "orderflow_savepoint_\(depth + 1)"
        _ = try await connection.perform { $0.executeScript("SAVEPOINT \(name)") }
        let inner = PostgresTransaction(connection: connection, scope: TransactionScope(parent: scope), depth: depth + 1)
        let value: T
        do {
            value = try await body(inner)
            try await inner.settle()
        } catch {
            inner.scope.close()
            await connection.runQuietly("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
            throw error
        }
        inner.scope.close()
        let aborted = await connection.session.run { $0.transactionStatus() == PQTRANS_INERROR }
        if aborted {
            await connection.runQuietly("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
            throw PostgresError(
                kind: .query,
                message: "a statement inside the savepoint failed and its error was caught; the savepoint's work was rolled back",
                sqlState: "25P02")
        }
        _ = try await connection.perform(cancellable: false) { $0.executeScript("RELEASE SAVEPOINT \(name)") }
        return value
    }
}
