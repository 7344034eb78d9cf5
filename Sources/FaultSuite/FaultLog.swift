import Synchronization

/// What the fault injector did and when, shared between the injector and the runner.
final class FaultLog: Sendable {
    struct Entry: Sendable {
        var at: Duration
        var text: String
    }

    private struct State {
        var entries: [Entry] = []
        var lastCleared: ContinuousClock.Instant?
        var measurements: [String: [Duration]] = [:]
        var notes: [String] = []
    }

    let started: ContinuousClock.Instant
    private let state = Mutex(State())

    init(started: ContinuousClock.Instant = .now) { self.started = started }

    /// A fault happened (or ended): `kill payment#2`.
    func record(_ text: String) {
        let entry = Entry(at: .now - started, text: text)
        state.withLock { $0.entries.append(entry) }
    }

    /// The fault in hand is over (the process replaced, the server back): recovery is timed from the last of these.
    func cleared(at instant: ContinuousClock.Instant = .now) {
        state.withLock { state in
            if state.lastCleared.map({ instant > $0 }) ?? true { state.lastCleared = instant }
        }
    }

    /// A figure measured during the run, such as how long a relay takeover took.
    func measure(_ name: String, _ value: Duration) {
        state.withLock { $0.measurements[name, default: []].append(value) }
    }

    func note(_ text: String) { state.withLock { $0.notes.append(text) } }

    var entries: [Entry] { state.withLock { $0.entries } }
    var lastCleared: ContinuousClock.Instant? { state.withLock { $0.lastCleared } }
    var measurements: [String: [Duration]] { state.withLock { $0.measurements } }
    var notes: [String] { state.withLock { $0.notes } }
}
