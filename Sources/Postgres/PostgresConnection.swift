import Dispatch
import Logging
import Synchronization

/// One PostgreSQL session. Safe to share between tasks: statements run one at a time, in arrival order,
/// and a transaction has the connection to itself until it ends.
public final class PostgresConnection: Sendable {
    public let configuration: PostgresConfiguration
    let session: LibPQSession
    let logger: Logger
    private let lease = ConnectionLease()
    private let closedByOwner = Atomic<Bool>(false)

    private init(configuration: PostgresConfiguration, session: LibPQSession, logger: Logger) {
        self.configuration = configuration
        self.session = session
        self.logger = logger
    }

    /// Opens a session. Session settings: `TimeZone=UTC`, `DateStyle=ISO`, hex `bytea`, UTF-8.
    public static func connect(
        _ configuration: PostgresConfiguration, logger: Logger = Logger(label: "orderflow.postgres")
    ) async throws(PostgresError) -> PostgresConnection {
        let session = try await LibPQSession.open(configuration, logger: logger).get()
        logger.debug("connected", metadata: ["url": "\(configuration.redactedURL)", "pid": "\(session.backendPID)"])
        return PostgresConnection(configuration: configuration, session: session, logger: logger)
    }

    /// True after `close()`, or once the connection to the server was lost (until `reconnect()`).
    public var isClosed: Bool { closedByOwner.load(ordering: .acquiring) || session.isBroken }

    /// The server process serving this session (`pg_backend_pid()`).
    public var backendPID: Int32 { session.backendPID }

    /// Runs one statement; returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) async throws(PostgresError) -> Int {
        try await leased { () async throws(PostgresError) -> QueryOutcome in
            try await self.perform { $0.execute(sql, parameters) }
        }.affectedRows
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PostgresEncodable]) async throws(PostgresError) -> Int {
        try await execute(sql, parameters.map(\.postgresValue))
    }

    public func query(
        _ sql: String, _ parameters: [PostgresValue] = [], results: PostgresResultFormat = .text
    ) async throws(PostgresError) -> [PostgresRow] {
        try await leased { () async throws(PostgresError) -> QueryOutcome in
            try await self.perform { $0.execute(sql, parameters, results: results) }
        }.rows
    }

    public func query(_ sql: String, _ parameters: [any PostgresEncodable]) async throws(PostgresError) -> [PostgresRow] {
        try await query(sql, parameters.map(\.postgresValue))
    }

    /// Runs several statements without parameters (simple query protocol), for migrations and DDL.
    /// Outside a transaction the whole script commits or fails as one.
    public func executeScript(_ sql: String) async throws(PostgresError) {
        _ = try await leased { () async throws(PostgresError) -> QueryOutcome in
            try await self.perform { $0.executeScript(sql) }
        }
    }

    /// Sends a notification to the listeners of `channel` (`pg_notify`; delivered when the sender commits).
    public func notify(channel: String, payload: String = "") async throws(PostgresError) {
        try await execute("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    /// BEGIN; body; COMMIT. A throw from `body` rolls back and rethrows the original error. If a statement
    /// failed inside and its error was caught, the server has already aborted the transaction: COMMIT then
    /// reports it (SQLSTATE 25P02) instead of pretending the work was saved.
    ///
    /// Other tasks' statements on this connection wait until the transaction ends. Statements the body runs
    /// through the connection itself (rather than the transaction handle) run inside the transaction.
    @discardableResult
    public func transaction<T: Sendable>(
        isolation: IsolationLevel? = nil, _ body: (PostgresTransaction) async throws -> T
    ) async throws -> T {
        guard !lease.isHeldByCurrentTask else {
            throw PostgresError(
                kind: .query,
                message: "a transaction is already open on this connection; use savepoint(_:) on it to nest work")
        }
        let token = ConnectionLease.makeToken()
        await lease.acquire(token)
        defer { lease.release() }
        return try await ConnectionLease.$tokensOfCurrentTask.withValue(ConnectionLease.tokensOfCurrentTask + [token]) {
            try await runTransaction(isolation: isolation, body)
        }
    }

    /// Runs `body` with this connection's own thread as the task's preferred executor, so the statements
    /// it runs on this connection call libpq directly instead of switching threads twice each (roughly
    /// doubling one connection's statement rate). Everything else `body` does also runs on that thread and
    /// delays other tasks' statements on this connection meanwhile: keep it to short, non-blocking work.
    public func withConnectionThread<T, Failure: Error>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws(Failure) -> T
    ) async throws(Failure) -> T {
        try await withTaskExecutorPreference(session.executor, isolation: isolation, operation: body)
    }

    /// Reconnects with the same configuration after the connection was lost (or to get a fresh session).
    /// Session state (prepared statements, advisory locks, LISTENs) does not survive.
    public func reconnect() async throws(PostgresError) {
        guard !closedByOwner.load(ordering: .acquiring) else { throw LibPQSession.closedError }
        guard !lease.isHeldByCurrentTask else {
            throw PostgresError(kind: .query, message: "cannot reconnect while a transaction is open on this connection")
        }
        await lease.acquire(ConnectionLease.makeToken())
        defer { lease.release() }
        try await session.run { $0.reset() }.get()
        logger.info("reconnected", metadata: ["url": "\(configuration.redactedURL)", "pid": "\(session.backendPID)"])
    }

    /// Ends the session. Statements already queued finish first; later ones fail with `.closed`.
    public func close() async {
        guard !closedByOwner.exchange(true, ordering: .acquiringAndReleasing) else { return }
        await session.run { $0.finish() }
    }

    // MARK: Internals shared with transactions and the migrator

    private func runTransaction<T: Sendable>(
        isolation: IsolationLevel?, _ body: (PostgresTransaction) async throws -> T
    ) async throws -> T {
        let begin = isolation.map { "BEGIN ISOLATION LEVEL \($0.sql)" } ?? "BEGIN"
        _ = try await perform { $0.executeScript(begin) }
        let scope = TransactionScope(parent: nil)
        let value: T
        do {
            let transaction = PostgresTransaction(connection: self, scope: scope, depth: 0)
            value = try await body(transaction)
            try await transaction.settle()
        } catch {
            scope.close()
            await runQuietly("ROLLBACK")
            throw error
        }
        scope.close()
        let commit = try await perform(cancellable: false) { $0.executeScript("COMMIT") }
        if commit.commandStatus == "ROLLBACK" {
            throw PostgresError(
                kind: .query,
                message: "the transaction was rolled back at COMMIT because a statement inside it failed "
                    + "(its error was caught inside the transaction body)",
                sqlState: "25P02")
        }
        return value
    }

    /// Runs `work` under this task's lease on the connection, taking the lease unless the task holds it.
    func leased<T: Sendable>(_ body: () async throws(PostgresError) -> T) async throws(PostgresError) -> T {
        if lease.isHeldByCurrentTask { return try await body() }
        await lease.acquire(ConnectionLease.makeToken())
        defer { lease.release() }
        return try await body()
    }

    /// Hops to the session's queue for one libpq call. Cancelling the calling task while the statement runs
    /// sends the server a cancel request (the statement then fails with SQLSTATE 57014). A task that is
    /// already cancelled still runs new statements, so its cleanup code works; `cancellable: false` is for
    /// cleanup inside this library (COMMIT, ROLLBACK, unlock) that must never be interrupted.
    func perform(
        cancellable: Bool = true, _ work: @escaping @Sendable (LibPQSession) -> Result<QueryOutcome, PostgresError>
    ) async throws(PostgresError) -> QueryOutcome {
        guard !closedByOwner.load(ordering: .acquiring) else { throw LibPQSession.closedError }
        let session = self.session
        guard cancellable, !Task.isCancelled else { return try await session.run(work).get() }
        let job = session.cancelGate.makeJobID()
        let result = await withTaskCancellationHandler {
            await session.run { session in
                session.cancelGate.begin(job)
                defer { session.cancelGate.end(job) }
                return work(session)
            }
        } onCancel: {
            // PQcancel blocks on a network round trip: keep it off the cooperative pool.
            DispatchQueue.global().async { session.cancelGate.cancel(job) }
        }
        return try result.get()
    }

    /// Best-effort cleanup statement whose failure must not hide the error that made it necessary.
    func runQuietly(_ sql: String) async {
        guard !session.isBroken else { return }
        let result = await session.run { session in
            // What the enqueued statements did no longer matters: their work is being undone.
            session.settlePipeline()
            return session.executeScript(sql)
        }
        if case .failure(let error) = result {
            logger.debug("cleanup statement failed", metadata: ["sql": "\(sql)", "error": "\(error)"])
        }
    }
}
