/// Resources one run used, split by who used them: the client side of this process (consume loop,
/// relay, producers), the in-process dev broker's threads, and the database server.
public struct RunUsage: Codable, Sendable {
    public var events: Int
    public var clientCPU: Double
    /// The in-process dev broker's threads; nil on a cluster, whose brokers run elsewhere.
    public var brokerCPU: Double?
    /// All processes of the database server, when it runs on this machine.
    public var serverCPU: Double?
    /// The one backend serving the consume loop, when it could be found.
    public var databaseBackendCPU: Double?
    public var peakRSSMiB: Double

    func perThousand(_ seconds: Double) -> Double { events > 0 ? seconds * 1000 / Double(events) : 0 }
}

/// Takes CPU readings at the start of a run and turns the differences into a `RunUsage` at its end.
struct UsageMeter {
    let context: BenchContext
    private let process: Double
    /// Nil when the broker is not in this process.
    private let broker: Double?
    private let server: Double?

    /// librdkafka names the mock cluster's threads `rdk:mock...`.
    static let brokerThreadPrefix = "rdk:mock"

    init(context: BenchContext) {
        self.context = context
        ProcessUsage.resetPeakRSS()
        process = ProcessUsage.current.cpuSeconds
        broker = context.cluster.isInProcess ? ProcessUsage.threads(namedWithPrefix: Self.brokerThreadPrefix) : nil
        server = context.serverCPUSeconds()
    }

    func finish(events: Int) -> RunUsage {
        let now = ProcessUsage.current
        let brokerNow = broker.map { ProcessUsage.threads(namedWithPrefix: Self.brokerThreadPrefix) - $0 }
        let serverNow = context.serverCPUSeconds().flatMap { value in server.map { value - $0 } }
        return RunUsage(
            events: events, clientCPU: max(0, now.cpuSeconds - process - (brokerNow ?? 0)), brokerCPU: brokerNow,
            serverCPU: serverNow, databaseBackendCPU: nil, peakRSSMiB: now.peakRSSMiB)
    }
}
