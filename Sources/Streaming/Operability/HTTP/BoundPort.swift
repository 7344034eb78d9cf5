import Synchronization

/// The port a server actually bound, for callers that asked for port 0.
final class BoundPort: Sendable {
    private enum State {
        case waiting([Int: CheckedContinuation<Int, Never>])
        case bound(Int)
        case stopped
    }

    private let state = Mutex<State>(.waiting([:]))
    private let nextWaiter = Atomic<Int>(0)

    func starting() {
        state.withLock { state in
            if case .stopped = state { state = .waiting([:]) }
        }
    }

    func bound(_ port: Int) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, Never>] in
            defer { state = .bound(port) }
            if case .waiting(let waiters) = state { return Array(waiters.values) }
            return []
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// The server stopped; anyone still waiting learns 0 (never bound) instead of hanging.
    func stopped() {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, Never>] in
            defer { state = .stopped }
            if case .waiting(let waiters) = state { return Array(waiters.values) }
            return []
        }
        for waiter in waiters { waiter.resume(returning: 0) }
    }

    /// Waits until the server is listening; 0 if it stopped without binding or the caller was cancelled.
    func value() async -> Int {
        let id = nextWaiter.add(1, ordering: .relaxed).newValue
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
                let immediate: Int? = state.withLock { state in
                    switch state {
                    case .bound(let port): return port
                    case .stopped: return 0
                    case .waiting(var waiters):
                        if Task.isCancelled { return 0 }
                        waiters[id] = continuation
                        state = .waiting(waiters)
                        return nil
                    }
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Int, Never>? in
                guard case .waiting(var waiters) = state else { return nil }
                let waiter = waiters.removeValue(forKey: id)
                state = .waiting(waiters)
                return waiter
            }
            waiter?.resume(returning: 0)
        }
    }
}
