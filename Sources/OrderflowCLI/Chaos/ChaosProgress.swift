import FaultSuite
import Synchronization

/// Which scenarios of a chaos run are done, running and still to come: what an interrupted run says it
/// left undone.
final class ChaosProgress: Sendable {
    private struct State {
        var pending: [FaultScenario]
        var running: FaultScenario?
    }

    private let state: Mutex<State>

    init(_ scenarios: [FaultScenario]) {
        state = Mutex(State(pending: scenarios, running: nil))
    }

    func begin(_ scenario: FaultScenario) {
        state.withLock { state in
            state.pending.removeAll { $0 == scenario }
            state.running = scenario
        }
    }

    func end(_ scenario: FaultScenario) {
        state.withLock { $0.running = nil }
    }

    func undone(report: String?) -> [String] {
        let (pending, running) = state.withLock { ($0.pending, $0.running) }
        var lines: [String] = []
        if let running { lines.append("scenario \(running.rawValue) was cut short; it has no verdict") }
        if !pending.isEmpty { lines.append("scenarios not run: \(pending.map(\.rawValue).joined(separator: ", "))") }
        lines.append("no report table" + (report.map { " and no report file (\($0))" } ?? ""))
        lines.append("the interrupted scenario's databases (chaos_…) stay on the server; the next run leaves them alone")
        return lines
    }
}
