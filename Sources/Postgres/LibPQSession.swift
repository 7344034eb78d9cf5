import CLibPQ
import Dispatch
import Foundation
import Logging
import Synchronization

/// Owns one libpq connection (`PGconn`) and its prepared statements.
///
/// libpq allows one thread at a time per `PGconn`, and its calls block. So every method below that touches
/// `connection`, `statements` or `pendingDeallocations` must run on `queue`, a serial queue of this session
/// (its own thread, never Swift's cooperative pool). The queue is the lock, which is why the class can be
/// `@unchecked Sendable`. What other threads read (`isBroken`, `backendPID`, the cancel gate) synchronises
/// itself.
final class LibPQSession: @unchecked Sendable {
    let queue: DispatchQueue
    let logger: Logger
    let cancelGate = CancelGate()

    private(set) var connection: OpaquePointer?
    var statements = PreparedStatementCache()
    /// Statements sent in pipeline mode whose results have not been read yet (see `enqueue`).
    var pipeline = PipelineLedger()
    private var pendingDeallocations: [String] = []
    private let noticeSink: NoticeSink
    private let broken = Atomic<Bool>(false)
    private let pid = Atomic<Int32>(0)

    /// True once libpq reported the connection bad; cleared only by `reset()`.
    var isBroken: Bool { broken.load(ordering: .acquiring) }
    var backendPID: Int32 { pid.load(ordering: .relaxed) }

    /// Tasks that prefer this executor run on `queue`, where statements need no thread hop.
    let executor: SessionExecutor

    /// Marks `queue` so code can tell it already runs there.
    private static let queueKey = DispatchSpecificKey<ObjectIdentifier>()

    private init(queue: DispatchQueue, logger: Logger, connection: OpaquePointer) {
        self.queue = queue
        self.logger = logger
        self.connection = connection
        self.noticeSink = NoticeSink(logger: logger)
        self.executor = SessionExecutor(queue: queue)
        queue.setSpecific(key: Self.queueKey, value: ObjectIdentifier(self))
        attach(connection)
    }

    /// True when the caller already runs on this session's queue.
    var isOnQueue: Bool {
        DispatchQueue.getSpecific(key: Self.queueKey) == ObjectIdentifier(self)
    }

    deinit {
        // Nothing can be running: every queued job holds a reference to the session.
        cancelGate.clear()
        if let connection { PQfinish(connection) }
    }

    /// Connects on a new serial queue and returns the session once the server accepted it.
    static func open(_ configuration: PostgresConfiguration, logger: Logger) async -> Result<LibPQSession, PostgresError> {
        let queue = DispatchQueue(label: "orderflow.postgres.\(configuration.database)")
        return await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: connect(configuration, queue: queue, logger: logger))
            }
        }
    }

    /// Runs `work` on the session's queue and hands back its result. Runs it in place when the caller is
    /// already on the queue (a task pinned with `withConnectionThread`): the queue is serial, so nothing
    /// else can be using the connection at that moment.
    func run<T: Sendable>(_ work: @escaping @Sendable (LibPQSession) -> T) async -> T {
        if isOnQueue { return work(self) }
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work(self)) }
        }
    }

    private static func connect(
        _ configuration: PostgresConfiguration, queue: DispatchQueue, logger: Logger
    ) -> Result<LibPQSession, PostgresError> {
        let pairs = LibPQOptions.keywords(for: configuration)
        let handle = CStringArray(pairs.map(\.0)).withPointers { keywords in
            CStringArray(pairs.map(\.1)).withPointers { values in
                PQconnectdbParams(keywords, values, 0)
            }
        }
        guard let handle else {
            return .failure(PostgresError(kind: .connection, message: "libpq could not allocate a connection"))
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle))
            PQfinish(handle)
            return .failure(ConnectionFailure.classify(message, configuration: configuration))
        }
        return .success(LibPQSession(queue: queue, logger: logger, connection: handle))
    }

    private func attach(_ connection: OpaquePointer) {
        pid.store(PQbackendPID(connection), ordering: .relaxed)
        cancelGate.install(from: connection)
        let sink = Unmanaged.passUnretained(noticeSink).toOpaque()
        PQsetNoticeReceiver(connection, { context, result in
            guard let context, let result else { return }
            Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue().receive(result)
        }, sink)
    }

    // MARK: Statements (call on `queue`)

    /// Runs one parameterised statement through a cached prepared statement.
    func execute(
        _ sql: String, _ parameters: [PostgresValue], results: PostgresResultFormat = .text
    ) -> Result<QueryOutcome, PostgresError> {
        guard let connection else { return .failure(Self.closedError) }
        if let error = lostError(sql) { return .failure(error) }
        if case .failure(let error) = settlePipeline() { return .failure(error) }
        let wire: WireParameters
        switch Self.wireParameters(parameters, sql: sql) {
        case .success(let encoded): wire = encoded
        case .failure(let error): return .failure(error)
        }
        let key = PreparedStatementCache.Key(sql: sql, parameterTypes: parameters.map(\.typeOID))
        flushDeallocationsIfIdle(connection)

        var retriedStaleStatement = false
        while true {
            let name: String
            switch preparedName(for: key, on: connection) {
            case .success(let prepared): name = prepared
            case .failure(let error): return .failure(error)
            }
            let result = wire.withPointers { values, lengths, formats in
                PQexecPrepared(connection, name, wire.count, values, lengths, formats, results.rawValue)
            }
            let outcome = self.outcome(of: result, sql: sql, on: connection)
            PQclear(result)
            guard case .failure(let error) = outcome, Self.isStalePreparedStatement(error) else { return outcome }

            // The server forgot the statement (DISCARD ALL) or its result shape changed (DDL): prepare it
            // again. Outside a transaction nothing was lost, so retry once; inside, the transaction is aborted.
            if let stale = statements.remove(key) { pendingDeallocations.append(stale) }
            if retriedStaleStatement || PQtransactionStatus(connection) != PQTRANS_IDLE { return outcome }
            retriedStaleStatement = true
            logger.debug("re-preparing a stale statement", metadata: ["sql": "\(PostgresError.excerpt(sql, limit: 80))"])
            flushDeallocationsIfIdle(connection)
        }
    }

    /// Runs SQL text with the simple query protocol: several statements, no parameters.
    func executeScript(_ sql: String) -> Result<QueryOutcome, PostgresError> {
        guard let connection else { return .failure(Self.closedError) }
        if let error = lostError(sql) { return .failure(error) }
        if case .failure(let error) = settlePipeline() { return .failure(error) }
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        return outcome(of: result, sql: sql, on: connection)
    }

    /// Where the server session stands with respect to transactions.
    func transactionStatus() -> PGTransactionStatusType {
        guard let connection else { return PQTRANS_UNKNOWN }
        // An enqueued statement that failed has aborted the transaction: settle to find out.
        _ = settlePipeline()
        return PQtransactionStatus(connection)
    }

    /// Quotes an identifier (channel or database name) with the server's own rules.
    func quoteIdentifier(_ identifier: String) -> String? {
        guard let connection, let quoted = PQescapeIdentifier(connection, identifier, identifier.utf8.count) else {
            return nil
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// Reconnects with the same parameters; prepared statements belong to the old server session and go.
    func reset() -> Result<Void, PostgresError> {
        guard let connection else { return .failure(Self.closedError) }
        PQreset(connection)
        statements.removeAll()
        pipeline.removeAll()
        pendingDeallocations.removeAll()
        guard PQstatus(connection) == CONNECTION_OK else {
            broken.store(true, ordering: .releasing)
            let message = String(cString: PQerrorMessage(connection))
            return .failure(PostgresError(kind: .connection, message: "could not reconnect: \(Self.flatten(message))"))
        }
        broken.store(false, ordering: .releasing)
        attach(connection)
        return .success(())
    }

    func finish() {
        cancelGate.clear()
        if let connection { PQfinish(connection) }
        connection = nil
        statements.removeAll()
        pipeline.removeAll()
        pendingDeallocations.removeAll()
    }

    /// For LISTEN: the raw handle, valid until `finish()`. Only use it on `queue`.
    var rawConnection: OpaquePointer? { connection }

    /// Marks the session lost when libpq says so; returns whether it is.
    @discardableResult
    func checkConnectionLost() -> Bool {
        guard let connection else { return true }
        if PQstatus(connection) == CONNECTION_BAD {
            broken.store(true, ordering: .releasing)
            return true
        }
        return false
    }

    var lastErrorMessage: String {
        guard let connection else { return "the connection is closed" }
        return Self.flatten(String(cString: PQerrorMessage(connection)))
    }

    // MARK: Internals

    static let closedError = PostgresError(kind: .closed, message: "the connection was closed")

    func lostError(_ sql: String) -> PostgresError? {
        guard isBroken else { return nil }
        return PostgresError(
            kind: .connection,
            message: "the connection to the server was lost earlier; reconnect (statement: \(PostgresError.excerpt(sql)))",
            isRetryable: true)
    }

    /// The server-side name of `key`'s prepared statement, preparing it first if this session has not.
    func preparedName(for key: PreparedStatementCache.Key, on connection: OpaquePointer) -> Result<String, PostgresError> {
        if let cached = statements.name(for: key) { return .success(cached) }
        return prepare(key, on: connection)
    }

    /// The parameters as libpq sends them; refuses text holding NUL, which PostgreSQL cannot store.
    static func wireParameters(_ parameters: [PostgresValue], sql: String) -> Result<WireParameters, PostgresError> {
        var wire: [WireParameter] = []
        wire.reserveCapacity(parameters.count)
        for (index, parameter) in parameters.enumerated() {
            if let element = parameter.textWithNUL {
                let which = if case .textArray = parameter { "element \(element + 1) of parameter" } else { "parameter" }
                return .failure(PostgresError(
                    kind: .query,
                    message: "\(which) $\(index + 1) contains a NUL character, which PostgreSQL cannot store in text "
                        + "(statement: \(PostgresError.excerpt(sql)))"))
            }
            wire.append(parameter.wire)
        }
        return .success(WireParameters(wire))
    }

    private func prepare(_ key: PreparedStatementCache.Key, on connection: OpaquePointer) -> Result<String, PostgresError> {
        let name = statements.makeName()
        let result = key.parameterTypes.withUnsafeBufferPointer { types in
            PQprepare(connection, name, key.sql, Int32(types.count), types.baseAddress)
        }
        defer { PQclear(result) }
        guard let result, PQresultStatus(result) == PGRES_COMMAND_OK else {
            return .failure(failure(from: result, sql: key.sql, on: connection))
        }
        if let evicted = statements.insert(key, name: name) { pendingDeallocations.append(evicted) }
        return .success(name)
    }

    /// DEALLOCATE only outside transactions: a failure there must never abort the caller's transaction.
    private func flushDeallocationsIfIdle(_ connection: OpaquePointer) {
        guard !pendingDeallocations.isEmpty, PQtransactionStatus(connection) == PQTRANS_IDLE else { return }
        for name in pendingDeallocations {
            PQclear(PQexec(connection, "DEALLOCATE \(name)"))
        }
        pendingDeallocations.removeAll()
    }

    private func outcome(of result: OpaquePointer?, sql: String, on connection: OpaquePointer) -> Result<QueryOutcome, PostgresError> {
        guard let result else { return .failure(failure(from: nil, sql: sql, on: connection)) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return .success(QueryOutcome(reading: result))
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            abandonCopy(PQresultStatus(result), on: connection)
            return .failure(PostgresError(
                kind: .query, message: "COPY to or from the client is not supported (statement: \(PostgresError.excerpt(sql)))"))
        default:
            return .failure(failure(from: result, sql: sql, on: connection))
        }
    }

    /// Brings the protocol back to idle after a COPY the library does not speak.
    private func abandonCopy(_ status: ExecStatusType, on connection: OpaquePointer) {
        if status == PGRES_COPY_IN {
            _ = PQputCopyEnd(connection, "COPY FROM STDIN is not supported by this client")
        } else {
            while true {
                var buffer: UnsafeMutablePointer<CChar>?
                let received = PQgetCopyData(connection, &buffer, 0)
                if let buffer { PQfreemem(buffer) }
                if received < 0 { break }
            }
        }
        while let pending = PQgetResult(connection) { PQclear(pending) }
    }

    func failure(from result: OpaquePointer?, sql: String, on connection: OpaquePointer) -> PostgresError {
        let lost = checkConnectionLost()
        func field(_ code: UInt8) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field(UInt8(ascii: "C"))
        var message = field(UInt8(ascii: "M")) ?? Self.flatten(String(cString: PQerrorMessage(connection)))
        if message.isEmpty { message = "the server returned no result" }
        if let detail = field(UInt8(ascii: "D")) { message += ". Detail: \(detail)" }
        if let hint = field(UInt8(ascii: "H")) { message += ". Hint: \(hint)" }
        message += " (statement: \(PostgresError.excerpt(sql)))"
        return PostgresError(kind: lost ? .connection : .query, message: message, sqlState: sqlState, isRetryable: lost ? true : nil)
    }

    private static func isStalePreparedStatement(_ error: PostgresError) -> Bool {
        switch error.sqlState {
        case "26000": true  // invalid_sql_statement_name: the prepared statement is gone
        case "0A000": error.message.contains("cached plan must not change result type")
        default: false
        }
    }

    static func flatten(_ message: String) -> String {
        message.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " ")
    }
}
