import CLibPQ
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One NOTIFY as received by a listener.
public struct PostgresNotification: Sendable, Hashable {
    public var channel: String
    public var payload: String
    /// The server process that sent it.
    public var pid: Int32

    public init(channel: String, payload: String, pid: Int32) {
        self.channel = channel
        self.payload = payload
        self.pid = pid
    }
}

/// A dedicated connection that LISTENs on channels and yields notifications as they arrive.
/// The connection is not reconnected: when it is lost the stream ends and `failure` says why; start a new
/// listener (and catch up by polling, since notifications sent meanwhile are gone).
public final class PostgresListener: Sendable {
    public let channels: [String]
    /// Notifications in arrival order. Ends on `stop()` or when the connection is lost. Iterate it once.
    public let notifications: AsyncStream<PostgresNotification>
    private let session: LibPQSession
    private let state: ListenerState

    private init(channels: [String], notifications: AsyncStream<PostgresNotification>, session: LibPQSession, state: ListenerState) {
        self.channels = channels
        self.notifications = notifications
        self.session = session
        self.state = state
    }

    deinit {
        state.requestStop()
    }

    /// The server process of the listening session (`pg_backend_pid()`).
    public var backendPID: Int32 { session.backendPID }

    /// Why the stream ended, when it ended because the connection failed (nil after `stop()`).
    public var failure: PostgresError? { state.failure }

    /// Connects and LISTENs on every channel before returning, so no notification sent after this returns
    /// is missed.
    public static func start(
        _ configuration: PostgresConfiguration, channels: [String],
        logger: Logger = Logger(label: "orderflow.postgres.listener")
    ) async throws(PostgresError) -> PostgresListener {
        let session = try await LibPQSession.open(configuration, logger: logger).get()
        let listened = await session.run { session -> Result<QueryOutcome, PostgresError> in
            var script = ""
            for channel in channels {
                guard let quoted = session.quoteIdentifier(channel) else {
                    return .failure(PostgresError(kind: .query, message: "cannot LISTEN on channel \"\(channel)\": \(session.lastErrorMessage)"))
                }
                script += "LISTEN \(quoted);"
            }
            return script.isEmpty ? .success(QueryOutcome(rows: [], affectedRows: 0, commandStatus: "")) : session.executeScript(script)
        }
        if case .failure(let error) = listened {
            await session.run { $0.finish() }
            throw error
        }

        let (stream, continuation) = AsyncStream.makeStream(of: PostgresNotification.self)
        let state = ListenerState(continuation: continuation)
        continuation.onTermination = { _ in state.requestStop() }
        // The pump occupies the session's queue until it stops: that queue is the listener's own thread.
        session.queue.async { pump(session, state) }
        logger.debug("listening", metadata: ["channels": "\(channels)", "pid": "\(session.backendPID)"])
        return PostgresListener(channels: channels, notifications: stream, session: session, state: state)
    }

    /// Stops listening, closes the connection and ends the stream; returns once all that is done.
    public func stop() async {
        state.requestStop()
        // Runs after the pump returned (the queue is serial), which finishes the session itself.
        await session.run { _ in }
    }

    /// How long the pump waits for the socket before checking for `stop()`.
    private static let pollIntervalMilliseconds: Int32 = 100

    private static func pump(_ session: LibPQSession, _ state: ListenerState) {
        defer {
            session.finish()
            state.finish()
        }
        guard let connection = session.rawConnection else {
            state.fail(PostgresError(kind: .closed, message: "the listener connection was closed before it started"))
            return
        }
        while !state.isStopping {
            drain(connection, into: state)
            let socket = PQsocket(connection)
            guard socket >= 0 else {
                state.fail(lost(session))
                return
            }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, pollIntervalMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                state.fail(PostgresError(kind: .connection, message: "waiting for notifications failed (errno \(errno))"))
                return
            }
            if ready == 0 { continue }
            if PQconsumeInput(connection) == 0 || session.checkConnectionLost() {
                drain(connection, into: state)
                state.fail(lost(session))
                return
            }
        }
    }

    private static func drain(_ connection: OpaquePointer, into state: ListenerState) {
        while let notify = PQnotifies(connection) {
            let notification = PostgresNotification(
                channel: notify.pointee.relname.map { String(cString: $0) } ?? "",
                payload: notify.pointee.extra.map { String(cString: $0) } ?? "",
                pid: notify.pointee.be_pid)
            PQfreemem(notify)
            state.deliver(notification)
        }
    }

    private static func lost(_ session: LibPQSession) -> PostgresError {
        PostgresError(kind: .connection, message: "the listener lost its connection: \(session.lastErrorMessage)", isRetryable: true)
    }
}

/// What the pump thread and the listener's owner share.
private final class ListenerState: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let recordedFailure = Mutex<PostgresError?>(nil)
    private let continuation: AsyncStream<PostgresNotification>.Continuation

    init(continuation: AsyncStream<PostgresNotification>.Continuation) {
        self.continuation = continuation
    }

    var isStopping: Bool { stopping.load(ordering: .acquiring) }
    var failure: PostgresError? { recordedFailure.withLock { $0 } }

    func requestStop() { stopping.store(true, ordering: .releasing) }
    func deliver(_ notification: PostgresNotification) { continuation.yield(notification) }
    func fail(_ error: PostgresError) { recordedFailure.withLock { $0 = error } }
    func finish() { continuation.finish() }
}
