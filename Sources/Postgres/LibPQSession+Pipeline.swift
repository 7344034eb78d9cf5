import CLibPQ

/// Statements sent without waiting for their results (libpq's pipeline mode), read back in one go when
/// the next statement needs the connection. A handler's writes then cost the server's time, not a round
/// trip each.
struct PipelineLedger {
    /// The SQL of each statement whose result is still unread, in send order (for error messages).
    private(set) var pending: [String] = []

    var count: Int { pending.count }

    mutating func append(_ sql: String) { pending.append(sql) }
    mutating func removeAll() { pending.removeAll(keepingCapacity: true) }
}

extension LibPQSession {
    /// Bounds the unread results: in blocking mode the server must never wait on a full socket for a
    /// client that is itself still sending.
    static let pipelineLimit = 256
    static let pipelineFlushInterval = 8

    /// Sends one parameterised statement in pipeline mode and returns without its result. Call on `queue`.
    /// A failure of the statement itself is reported by `settlePipeline()`, which every other statement on
    /// this session runs first.
    func enqueue(_ sql: String, _ parameters: [PostgresValue]) -> Result<Void, PostgresError> {
        guard let connection else { return .failure(Self.closedError) }
        if let error = lostError(sql) { return .failure(error) }
        let wire: WireParameters
        switch Self.wireParameters(parameters, sql: sql) {
        case .success(let encoded): wire = encoded
        case .failure(let error): return .failure(error)
        }
        let key = PreparedStatementCache.Key(sql: sql, parameterTypes: parameters.map(\.typeOID))
        if statements.name(for: key) == nil || pipeline.count >= Self.pipelineLimit {
            // Preparing is a synchronous exchange, which pipeline mode does not allow.
            if case .failure(let error) = settlePipeline() { return .failure(error) }
        }
        let name: String
        switch preparedName(for: key, on: connection) {
        case .success(let prepared): name = prepared
        case .failure(let error): return .failure(error)
        }
        if PQpipelineStatus(connection) == PQ_PIPELINE_OFF, PQenterPipelineMode(connection) != 1 {
            return .failure(failure(from: nil, sql: sql, on: connection))
        }
        let sent = wire.withPointers { values, lengths, formats in
            PQsendQueryPrepared(connection, name, wire.count, values, lengths, formats, 0)
        }
        guard sent == 1 else {
            let error = failure(from: nil, sql: sql, on: connection)
            _ = settlePipeline()
            return .failure(error)
        }
        pipeline.append(sql)
        // libpq holds pipelined statements until 64 kB are buffered. Sending every few statements lets
        // the server work while the caller prepares the next ones, without a system call for each.
        if pipeline.count % Self.pipelineFlushInterval == 0 { _ = PQflush(connection) }
        return .success(())
    }

    /// Reads the results of every enqueued statement and leaves pipeline mode. Returns the first failure
    /// (the server skips the statements after it, and the transaction is then aborted). Call on `queue`.
    @discardableResult
    func settlePipeline() -> Result<Void, PostgresError> {
        guard let connection, PQpipelineStatus(connection) != PQ_PIPELINE_OFF else {
            pipeline.removeAll()
            return .success(())
        }
        defer { pipeline.removeAll() }
        var firstFailure: PostgresError?
        if PQpipelineSync(connection) != 1 {
            firstFailure = failure(from: nil, sql: pipeline.pending.first ?? "pipeline sync", on: connection)
        }
        for sql in pipeline.pending {
            // Each statement's results end with a NULL.
            while let result = PQgetResult(connection) {
                defer { PQclear(result) }
                switch PQresultStatus(result) {
                case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_PIPELINE_ABORTED:
                    break
                default:
                    if firstFailure == nil { firstFailure = failure(from: result, sql: sql, on: connection) }
                }
            }
            if checkConnectionLost() { break }
        }
        if !checkConnectionLost() {
            // The sync's own result; then the connection is idle and may leave pipeline mode.
            while let result = PQgetResult(connection) {
                let status = PQresultStatus(result)
                PQclear(result)
                if status == PGRES_PIPELINE_SYNC { break }
            }
            if PQexitPipelineMode(connection) != 1, firstFailure == nil {
                firstFailure = failure(from: nil, sql: "leaving pipeline mode", on: connection)
            }
        }
        if checkConnectionLost() {
            // The server's last words (e.g. 57P01, terminated) arrive as a statement's result before
            // libpq notices the closed socket: the loss is what the caller must act on.
            let reported = firstFailure ?? failure(from: nil, sql: pipeline.pending.last ?? "pipeline", on: connection)
            firstFailure = PostgresError(kind: .connection, message: reported.message, sqlState: reported.sqlState, isRetryable: true)
        }
        return firstFailure.map { .failure($0) } ?? .success(())
    }
}
