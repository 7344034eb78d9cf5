/// Scenario 4: the whole saga as separate processes on the dev stack.
struct PipelineStep {
    let context: BenchContext

    struct Result: Sendable {
        var skipped: String?
        /// With the payment provider at `providerLatency`.
        var maxSustainableRate: Double?
        /// The same ladder with the provider answering at once, in the same run.
        var maxSustainableRateWithoutProviderLatency: Double?
        var providerLatency: Duration = .zero
        var latency: LatencySummary?
        var hops = 0
        var series: [ThroughputSeries] = []
        var usage: [String: RunUsage] = [:]
        var problems: [String] = []
        var notes: [String] = []
    }

    func run() async -> Result {
        await PipelineScenario(context: context).run()
    }
}
