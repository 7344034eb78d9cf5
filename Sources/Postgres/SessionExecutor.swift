import Dispatch

/// Runs Swift tasks on a session's serial queue. A task that prefers this executor runs its nonisolated code
/// on the session's own thread, so its statements call libpq directly instead of hopping threads twice.
final class SessionExecutor: TaskExecutor {
    private let queue: DispatchQueue

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
