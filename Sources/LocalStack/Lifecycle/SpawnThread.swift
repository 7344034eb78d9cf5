import Foundation
import Synchronization

/// The one thread every child process of ours is started from.
///
/// Linux sends a child its parent-death signal when the *thread* that forked it ends, not when the
/// process does; Swift's task threads come and go. A thread that lives as long as the process makes
/// the signal mean what it should: the child dies with us, and only then.
final class SpawnThread: Sendable {
    static let shared = SpawnThread()

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let available = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { self.serve() }
        thread.name = "orderflow.spawn"
        thread.start()
    }

    private func serve() {
        while true {
            available.wait()
            let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            job?()
        }
    }

    /// Runs `body` on the spawn thread and returns its result; the caller's thread waits (a spawn takes
    /// a millisecond or two).
    func perform<T>(_ body: @escaping () throws -> T) throws -> T {
        let outcome = OutcomeBox<T>()
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) let work = body
        jobs.withLock {
            $0.append {
                outcome.result = Result { try work() }
                done.signal()
            }
        }
        available.signal()
        done.wait()
        return try outcome.result!.get()
    }
}

/// Carries a result from the spawn thread to the waiting caller; written once before the semaphore is
/// signalled, read once after waiting on it.
private final class OutcomeBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
