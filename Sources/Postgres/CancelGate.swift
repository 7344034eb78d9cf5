import CLibPQ
import Synchronization

/// Lets another thread cancel the statement a session is running, and only that statement.
///
/// Each statement gets a job id; the session's queue marks the job running while libpq waits on the server.
/// A cancel for a job that is no longer running does nothing, so a late cancel never hits the next statement
/// (the lock is held while the cancel request is sent, and the queue needs it to start the next job).
final class CancelGate: Sendable {
    /// A `PGcancel*`. libpq documents PQcancel as callable from any thread; the gate's lock also keeps it
    /// from being freed while in use, which is what makes sharing it across threads safe.
    private struct CancelHandle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private struct State: ~Copyable {
        /// Owned here and freed by `clear()` or when replaced.
        var handle: CancelHandle?
        var runningJob: UInt64?
    }

    private let state = Mutex(State())
    private let jobCounter = Atomic<UInt64>(0)

    func makeJobID() -> UInt64 {
        jobCounter.add(1, ordering: .relaxed).newValue
    }

    /// Takes ownership of a fresh cancel handle for the session's current server process.
    func install(from connection: OpaquePointer) {
        let handle = PQgetCancel(connection).map(CancelHandle.init)
        state.withLock { state in
            if let old = state.handle { PQfreeCancel(old.pointer) }
            state.handle = handle
        }
    }

    func clear() {
        state.withLock { state in
            if let old = state.handle { PQfreeCancel(old.pointer) }
            state.handle = nil
            state.runningJob = nil
        }
    }

    func begin(_ job: UInt64) {
        state.withLock { $0.runningJob = job }
    }

    func end(_ job: UInt64) {
        state.withLock { state in
            if state.runningJob == job { state.runningJob = nil }
        }
    }

    /// Blocking (it opens a short connection to the server): never call on the cooperative pool.
    func cancel(_ job: UInt64) {
        state.withLock { state in
            guard state.runningJob == job, let handle = state.handle else { return }
            var errorBuffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(handle.pointer, &errorBuffer, Int32(errorBuffer.count))
        }
    }
}
