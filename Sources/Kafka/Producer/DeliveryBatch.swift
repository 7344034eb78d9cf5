import Synchronization

/// Collects the delivery results of one `send` call and wakes its caller when all are in.
final class DeliveryBatch: Sendable {
    typealias Outcome = Result<DeliveryReport, KafkaError>

    private struct State {
        var outcomes: [Outcome?]
        var remaining: Int
        var waiters: [CheckedContinuation<[Outcome], Never>] = []
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(outcomes: Array(repeating: nil, count: count), remaining: count))
    }

    /// Records the outcome of record `index`. Safe from any thread; a second outcome for the same index is ignored.
    func complete(_ index: Int, with outcome: Outcome) {
        let finished: ([CheckedContinuation<[Outcome], Never>], [Outcome])? = state.withLock { state in
            guard state.outcomes.indices.contains(index), state.outcomes[index] == nil else { return nil }
            state.outcomes[index] = outcome
            state.remaining -= 1
            guard state.remaining == 0, !state.waiters.isEmpty else { return nil }
            defer { state.waiters = [] }
            return (state.waiters, state.outcomes.compactMap { $0 })
        }
        if let (waiters, outcomes) = finished {
            for waiter in waiters { waiter.resume(returning: outcomes) }
        }
    }

    /// Waits until every record has an outcome; results are in input order.
    func outcomes() async -> [Outcome] {
        await withCheckedContinuation { continuation in
            let ready: [Outcome]? = state.withLock { state in
                guard state.remaining > 0 else { return state.outcomes.compactMap { $0 } }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
