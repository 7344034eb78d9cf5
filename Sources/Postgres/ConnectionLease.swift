import Synchronization

/// Exclusive use of a connection for one statement or one whole transaction, granted in arrival order.
/// Without it, a statement from another task could land in the middle of someone's transaction.
///
/// Each grant has a token. A task that holds a grant records its token in a task local, so statements it
/// (or its child tasks) run inside a transaction go straight through instead of waiting for themselves.
/// A task that outlives the grant (an unstructured `Task` started inside a transaction) still carries the
/// token, but it no longer matches the holder, so that task waits like everyone else.
final class ConnectionLease: Sendable {
    private struct State: ~Copyable {
        var holder: UInt64?
        var waiters: [(token: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())
    private static let tokenCounter = Atomic<UInt64>(0)

    /// Grants held by the current task, across all connections.
    @TaskLocal static var tokensOfCurrentTask: [UInt64] = []

    static func makeToken() -> UInt64 {
        tokenCounter.add(1, ordering: .relaxed).newValue
    }

    var isHeldByCurrentTask: Bool {
        let tokens = Self.tokensOfCurrentTask
        guard !tokens.isEmpty else { return false }
        return state.withLock { state in state.holder.map(tokens.contains) ?? false }
    }

    func acquire(_ token: UInt64) async {
        let acquired = state.withLock { state in
            guard state.holder == nil else { return false }
            state.holder = token
            return true
        }
        if acquired { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquiredNow = state.withLock { state in
                guard state.holder != nil else {
                    state.holder = token
                    return true
                }
                state.waiters.append((token, continuation))
                return false
            }
            if acquiredNow { continuation.resume() }
        }
    }

    /// Hands the lease straight to the next waiter, so nobody can overtake it.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.holder = nil
                return nil
            }
            let next = state.waiters.removeFirst()
            state.holder = next.token
            return next.continuation
        }
        next?.resume()
    }
}
