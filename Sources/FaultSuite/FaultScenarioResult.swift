/// What one scenario run found: the report's figures and the verdict.
public struct FaultScenarioResult: Sendable {
    public enum Verdict: String, Sendable, Codable {
        /// Every check held.
        case passed
        /// A check failed: lost orders, duplicate effects, wrong dead letters, broken invariants.
        case failed
        /// The run proves nothing: a consumer group fell behind the broker's retained range, or the
        /// scenario could not be run at all.
        case invalid
    }

    public var plan: FaultScenarioPlan
    public var ordersSent = 0
    public var ordersSettled = 0
    /// Orders that never reached a terminal state.
    public var lost = 0
    public var duplicatedEffects = 0
    public var expectedDeadLetters = DeadLetterTally()
    public var actualDeadLetters = DeadLetterTally()
    /// From the moment the last fault ended to every order settled.
    public var timeToRecover: Duration?
    public var duration: Duration = .zero
    /// What was injected, in order, with its time into the run.
    public var faults: [String] = []
    /// Figures worth reporting beyond the table (takeover times, memory).
    public var notes: [String] = []
    /// Why the run failed or is invalid; empty when it passed.
    public var failures: [String] = []
    public var invalidity: [String] = []
    /// Poison scenario only.
    public var oversized: OversizedCheck?
    /// Parked-key scenario only.
    public var parkedKey: ParkedKeyCheck?
    public var logFile: String?

    public init(plan: FaultScenarioPlan) { self.plan = plan }

    public var scenario: FaultScenario { plan.scenario }

    public var verdict: Verdict {
        if !invalidity.isEmpty { return .invalid }
        return failures.isEmpty && oversized?.problem == nil && parkedKey?.problem == nil ? .passed : .failed
    }
}
