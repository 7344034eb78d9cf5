/// The faults the suite injects, one scenario each. Every scenario ends with the same checks: every order
/// settles as its scenario says, no effect happens twice, dead letters are exactly the expected ones, and the
/// broker still held every record the consumers had yet to commit.
public enum FaultScenario: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
    /// SIGKILL of consumer replicas mid-batch, again and again, each replaced after a moment.
    case consumerKill = "consumer-kill"
    /// SIGKILL of an outbox relay mid-publish; the other relay of its database takes over its shards.
    case relayKill = "relay-kill"
    /// PostgreSQL restarted under load (a fast shutdown, and in the full form also an immediate one).
    case postgresRestart = "postgres-restart"
    /// The broker down for seconds, produce/fetch/commit requests failing, slow responses.
    case brokerFaults = "broker-faults"
    /// Replicas joining and leaving the consumer groups every few seconds.
    case rebalanceStorm = "rebalance-storm"
    /// Malformed messages of every kind interleaved with good orders.
    case poison
    /// The payment provider refusing every call for a while (30 s in the full form), then back.
    case providerDown = "provider-down"
    /// The payment provider slow (p99 near 2 s, past the client's deadline) with some calls hanging.
    case providerSlow = "provider-slow"
    /// The payment provider answering 20 % of calls with a 5xx.
    case providerFlaky = "provider-flaky"
    /// Payment replicas SIGKILLed while their provider calls are in flight: answered, not yet recorded.
    case paymentKill = "payment-kill"
    /// One order's payments failing retryably mid-stream, so the payment service parks its key while the
    /// rest of the partition flows; then healed, and the key drains in order.
    case parkedKey = "parked-key"

    public var summary: String {
        switch self {
        case .consumerKill: "SIGKILL of consumer replicas mid-batch, repeatedly"
        case .relayKill: "SIGKILL of an outbox relay mid-publish; its twin takes over the shards"
        case .postgresRestart: "PostgreSQL restarted during the run"
        case .brokerFaults: "broker down, failing produce/fetch/commit requests, slow responses"
        case .rebalanceStorm: "replicas joining and leaving every few seconds"
        case .poison: "poison messages at volume, interleaved with good orders"
        case .providerDown: "payment provider down (connections refused), then back"
        case .providerSlow: "payment provider slow (p99 2 s) with hanging calls"
        case .providerFlaky: "payment provider answering 20 % of calls with 5xx"
        case .paymentKill: "payment service SIGKILLed after the provider answered, before its commit"
        case .parkedKey: "one order's charges failing retryably (its key parked, others flowing), then healed"
        }
    }

    /// Restarting PostgreSQL needs a server the runner manages itself.
    public var needsManagedPostgres: Bool { self == .postgresRestart }

    public static func < (lhs: FaultScenario, rhs: FaultScenario) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
