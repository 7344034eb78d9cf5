import Synchronization

/// Exclusive use of a connection for one statement or one whole transaction, granted in arrival order.
/// Without it, a statement from another task could land in the middle of someone's transaction.
final class ConnectionLease: Sendable {
    private struct State: ~Copyable {
        var isHeld = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// The connections whose lease the current task (and its child tasks) holds.
    @TaskLocal static var heldByCurrentTask: Set<ObjectIdentifier> = []

    func acquire() async {
        let acquired = state.withLock { state in
            guard !state.isHeld else { return false }
            state.isHeld = true
            return true
        }
        if acquired { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquiredNow = state.withLock { state in
                guard state.isHeld else {
                    state.isHeld = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if acquiredNow { continuation.resume() }
        }
    }

    /// Hands the lease straight to the next waiter, so nobody can overtake it.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.isHeld = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
