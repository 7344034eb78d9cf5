import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM turned into an awaitable event (the default action, dying at once, would leave
/// every child running).
final class ShutdownSignals: Sendable {
    private struct State {
        var received: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
    }

    private let state = Mutex(State())
    /// Kept so the sources live as long as we do; set once during `install`, before anyone else sees us.
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "orderflow.dev.signals")
    private let onRepeat: (@Sendable (Int32) -> Void)?

    private init(onRepeat: (@Sendable (Int32) -> Void)?) {
        self.onRepeat = onRepeat
    }

    /// `onRepeat` runs on every signal after the first (a second Ctrl-C: the user is done waiting).
    static func install(
        _ signals: [Int32] = [SIGINT, SIGTERM], onRepeat: (@Sendable (Int32) -> Void)? = nil
    ) -> ShutdownSignals {
        let shutdown = ShutdownSignals(onRepeat: onRepeat)
        // Output to a reader that went away must fail the write, not end the process (and orphan the stack).
        signal(SIGPIPE, SIG_IGN)
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: shutdown.queue)
            source.setEventHandler { shutdown.deliver(number) }
            source.resume()
            shutdown.sources.append(source)
        }
        return shutdown
    }

    var received: Int32? { state.withLock { $0.received } }

    private func deliver(_ number: Int32) {
        let (first, waiters) = state.withLock { state -> (Bool, [CheckedContinuation<Int32, Never>]) in
            guard state.received == nil else { return (false, []) }
            state.received = number
            defer { state.waiters = [] }
            return (true, state.waiters)
        }
        if !first { onRepeat?(number) }
        for waiter in waiters { waiter.resume(returning: number) }
    }

    /// Returns the signal once one arrived.
    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let immediate = state.withLock { state -> Int32? in
                if let received = state.received { return received }
                state.waiters.append(continuation)
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }
}
