import Synchronization

/// Bounds the calls to one dependency that are in flight at once. A call beyond the bound waits up to
/// `maxWait` for a permit and is refused after that, so a slow dependency ties up a known number of
/// tasks and connections instead of all of them.
public final class Bulkhead: Sendable {
    public let name: String
    public let maxConcurrentCalls: Int
    public let maxWait: Duration

    private struct State {
        var inUse = 0
        var nextTicket: UInt64 = 0
        /// Waiting calls, first come first served.
        var queue: [UInt64] = []
        var waiting: [UInt64: CheckedContinuation<Bool, Never>] = [:]
    }

    private let state = Mutex(State())

    public init(name: String, maxConcurrentCalls: Int, maxWait: Duration) {
        self.name = name
        self.maxConcurrentCalls = max(1, maxConcurrentCalls)
        self.maxWait = maxWait
    }

    /// Runs `body` holding a permit; throws `BulkheadFull` when none came within `maxWait`.
    public func run<T>(_ body: () async throws -> T) async throws -> T {
        guard await acquire() else { throw BulkheadFull(name: name, maxConcurrentCalls: maxConcurrentCalls) }
        defer { release() }
        return try await body()
    }

    /// Calls holding a permit now.
    public var inUse: Int { state.withLock { $0.inUse } }

    private func acquire() async -> Bool {
        let maxWait = maxWait
        let limit = maxConcurrentCalls
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let immediate = state.withLock { state -> (answer: Bool?, ticket: UInt64) in
                if state.inUse < limit {
                    state.inUse += 1
                    return (true, 0)
                }
                guard maxWait > .zero else { return (false, 0) }
                let ticket = state.nextTicket
                state.nextTicket += 1
                state.queue.append(ticket)
                state.waiting[ticket] = continuation
                return (nil, ticket)
            }
            if let answer = immediate.answer {
                continuation.resume(returning: answer)
                return
            }
            Task { [self] in
                try? await Task.sleep(for: maxWait)
                expire(immediate.ticket)
            }
        }
    }

    private func expire(_ ticket: UInt64) {
        let continuation = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard let waiting = state.waiting.removeValue(forKey: ticket) else { return nil }
            state.queue.removeAll { $0 == ticket }
            return waiting
        }
        continuation?.resume(returning: false)
    }

    /// Hands the permit to the longest waiting call, or returns it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            while !state.queue.isEmpty {
                let ticket = state.queue.removeFirst()
                if let waiting = state.waiting.removeValue(forKey: ticket) { return waiting }
            }
            state.inUse -= 1
            return nil
        }
        next?.resume(returning: true)
    }
}

/// A call refused by a full bulkhead.
public struct BulkheadFull: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var maxConcurrentCalls: Int

    public var description: String { "bulkhead \(name) full: \(maxConcurrentCalls) calls in flight" }
}
