import LocalStack

/// How big a scenario runs: the short form (`make test`: seconds per fault, a few hundred orders) or the
/// full form (`make faults`). Sizes stay inside the embedded broker's retention (about 5 MB per
/// partition): the largest run puts roughly 1.5 MB on a partition of `orders`.
public struct FaultScenarioPlan: Sendable, Hashable {
    public enum Form: String, Sendable, CaseIterable, Codable {
        case short, full
    }

    public var scenario: FaultScenario
    public var form: Form
    /// Good orders published during the run.
    public var orders: Int
    /// The orders are spread evenly over this long, so faults meet a pipeline at work.
    public var publishWindow: Duration
    /// Kills, restarts, broker fault rounds or storm moves.
    public var faultRounds: Int
    /// Time between two faults.
    public var faultInterval: Duration
    /// How long one fault lasts where that means something (broker down, slow responses, a killed
    /// relay left dead before it is replaced).
    public var faultDuration: Duration
    /// Poison scenario: messages of each poison kind sent to `order-requests` (a fifth of that to `orders`).
    public var poisonPerKind: Int
    /// Poison scenario: size of the oversized value. The embedded broker accepts 10 MB but keeps at most
    /// about 5 MB per partition, so a value that large is evicted before any consumer can read it; the
    /// default is the largest size that reliably survives while still over the consumers' 1 MB limit.
    public var oversizedValueBytes: Int
    public var scale: StackScale
    /// Longest wait for every order to settle after the last fault.
    public var settleTimeout: Duration
    /// Seed of the order generator: the same seed gives the same orders.
    public var seed: UInt64
    /// Settings of every process of the stack beyond the fault suite's own (`FaultEnvironment.serviceSettings`).
    public var serviceSettings: [String: String] = [:]

    public init(
        scenario: FaultScenario, form: Form, orders: Int, publishWindow: Duration, faultRounds: Int,
        faultInterval: Duration, faultDuration: Duration, poisonPerKind: Int = 0, oversizedValueBytes: Int = 2_000_000,
        scale: StackScale, settleTimeout: Duration, seed: UInt64
    ) {
        self.scenario = scenario
        self.form = form
        self.orders = orders
        self.publishWindow = publishWindow
        self.faultRounds = faultRounds
        self.faultInterval = faultInterval
        self.faultDuration = faultDuration
        self.poisonPerKind = poisonPerKind
        self.oversizedValueBytes = oversizedValueBytes
        self.scale = scale
        self.settleTimeout = settleTimeout
        self.seed = seed
    }

    /// The standard plan of a scenario in a form.
    public static func standard(_ scenario: FaultScenario, _ form: Form) -> FaultScenarioPlan {
        let full = form == .full
        let seed = 9_000 + UInt64(FaultScenario.allCases.firstIndex(of: scenario) ?? 0)
        switch scenario {
        case .consumerKill:
            return FaultScenarioPlan(
                scenario: scenario, form: form, orders: full ? 5_000 : 300, publishWindow: .seconds(full ? 50 : 8),
                faultRounds: full ? 12 : 3, faultInterval: .seconds(full ? 4 : 2), faultDuration: .milliseconds(500),
                scale: Self.replicated([.order: 2, .payment: 2, .inventory: 2, .shipping: full ? 2 : 1, .notification: full ? 2 : 1]),
                settleTimeout: .seconds(full ? 300 : 90), seed: seed)
        case .relayKill:
            return FaultScenarioPlan(
                scenario: scenario, form: form, orders: full ? 3_000 : 300, publishWindow: .seconds(full ? 30 : 8),
                faultRounds: full ? 8 : 2, faultInterval: .seconds(full ? 4 : 3), faultDuration: .seconds(3),
                scale: Self.replicated([:], relays: 2), settleTimeout: .seconds(full ? 240 : 90), seed: seed)
        case .postgresRestart:
            return FaultScenarioPlan(
                scenario: scenario, form: form, orders: full ? 3_000 : 300, publishWindow: .seconds(full ? 30 : 8),
                faultRounds: full ? 2 : 1, faultInterval: .seconds(full ? 10 : 3), faultDuration: .seconds(2),
                scale: Self.replicated([.payment: 2]), settleTimeout: .seconds(full ? 240 : 90), seed: seed)
        case .brokerFaults:
            return FaultScenarioPlan(
                scenario: scenario, form: form, orders: full ? 3_000 : 300, publishWindow: .seconds(full ? 40 : 10),
                faultRounds: full ? 2 : 1, faultInterval: .seconds(full ? 3 : 2), faultDuration: .seconds(full ? 6 : 3),
                scale: Self.replicated([.payment: 2]), settleTimeout: .seconds(full ? 240 : 90), seed: seed)
        case .rebalanceStorm:
            return FaultScenarioPlan(
                scenario: scenario, form: form, orders: full ? 3_000 : 300, publishWindow: .seconds(full ? 45 : 12),
                faultRounds: full ? 14 : 4, faultInterval: .seconds(full ? 3 : 2), faultDuration: .seconds(0),
                scale: Self.replicated([.payment: 2, .inventory: 2]), settleTimeout: .seconds(full ? 300 : 90), seed: seed)
        case .poison:
            return FaultScenarioPlan(
                scenario: scenario, form: form, orders: full ? 2_000 : 200, publishWindow: .seconds(full ? 20 : 6),
                faultRounds: 0, faultInterval: .zero, faultDuration: .zero, poisonPerKind: full ? 50 : 5,
                scale: Self.replicated([:]), settleTimeout: .seconds(full ? 240 : 90), seed: seed)
        case .providerDown:
            return FaultScenarioPlan(
                scenario: scenario, form: form, orders: full ? 2_000 : 200, publishWindow: .seconds(full ? 45 : 9),
                faultRounds: 1, faultInterval: .zero, faultDuration: .seconds(full ? 30 : 5),
                scale: Self.replicated([.payment: 2]), settleTimeout: .seconds(full ? 240 : 90), seed: seed)
        case .providerSlow, .providerFlaky:
            return FaultScenarioPlan(
                scenario: scenario, form: form, orders: full ? 2_000 : 200, publishWindow: .seconds(full ? 40 : 9),
                faultRounds: 1, faultInterval: .zero, faultDuration: .seconds(full ? 20 : 5),
                scale: Self.replicated([.payment: 2]), settleTimeout: .seconds(full ? 240 : 90), seed: seed)
        case .paymentKill:
            // One kill in the short form: each replacement waits out the dead member's session in the
            // group (about 20 s on the dev broker), and one kill with calls in flight puts the property to
            // the test; the full form kills each replica three times.
            return FaultScenarioPlan(
                scenario: scenario, form: form, orders: full ? 2_000 : 200, publishWindow: .seconds(full ? 40 : 9),
                faultRounds: full ? 6 : 1, faultInterval: .seconds(full ? 5 : 3), faultDuration: .milliseconds(500),
                scale: Self.replicated([.payment: 2]), settleTimeout: .seconds(full ? 240 : 90), seed: seed)
        case .parkedKey:
            // One payment replica: every other key of the poisoned key's partition goes through the very
            // consume loop whose turns the parked retries share. The attempts budget outlasts the fault
            // (the backoff caps at 1 s, so 1,000 attempts are minutes): a budget smaller than the outage
            // dead-letters the key instead, which is what RETRY_MAX_ATTEMPTS is there to choose.
            var plan = FaultScenarioPlan(
                scenario: scenario, form: form, orders: full ? 2_000 : 300, publishWindow: .seconds(full ? 45 : 12),
                faultRounds: 1, faultInterval: .zero, faultDuration: .seconds(full ? 20 : 5),
                scale: Self.replicated([:]), settleTimeout: .seconds(full ? 240 : 90), seed: seed)
            plan.serviceSettings = ["RETRY_MAX_ATTEMPTS": "1000"]
            return plan
        }
    }

    private static func replicated(_ replicas: [PipelineService: Int], relays: Int = 1) -> StackScale {
        var scale = StackScale(relaysPerDatabase: relays)
        for (service, count) in replicas { scale.set(service, count) }
        return scale
    }
}
