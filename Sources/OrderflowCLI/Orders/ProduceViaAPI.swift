import Foundation
import OrderTraffic

/// `orders produce --via api`: the same generated orders, mix, rate and `--wait` verdict as the Kafka
/// path, sent as a client of the order API would. Kafka is only needed to follow outcomes (`--wait`).
/// Invalid orders are refused by the API at once (422), which counts as their rejection.
extension ProduceCommand {
    func runViaAPI() async throws {
        let orderMix: OrderMix
        do {
            orderMix = try OrderMix(parsing: mix)
        } catch {
            throw CLIError("--mix \(mix): \(error)")
        }
        let seed = seed ?? UInt64.random(in: 1...UInt64(UInt32.max))
        let client = try OrderAPIClient(
            apiURL: orderAPI.resolvedURL, token: orderAPI.resolvedToken,
            timeout: .milliseconds(Int64(orderAPI.timeout * 1000)))
        // Kafka only to follow the outcomes.
        let session: BrokerSession?
        let watcher: OutcomeWatcher?
        if wait {
            let connected = try await kafka.connect()
            session = connected
            do {
                watcher = try await OutcomeWatcher.start(connected)
            } catch {
                connected.close()
                throw error
            }
        } else {
            session = nil
            watcher = nil
        }
        defer { session?.close() }
        let tally = ProducedOrders()
        let sender = APIOrderSender(
            client: client, generator: OrderGenerator(mix: orderMix, seed: seed), count: count,
            rate: rate > 0 ? rate : nil, tally: tally)

        let watching = watcher.map { watcher in Task { try await watcher.follow() } }
        let clock = ContinuousClock()
        let started = clock.now
        let total = count
        let progress = ProgressLine { Self.progressText(tally.counts, total: total, elapsed: started.duration(to: clock.now)) }
        var failure: (any Error)?
        do {
            try await sender.run()
        } catch {
            failure = error
        }
        let elapsed = started.duration(to: clock.now)
        await progress.finish(Self.progressText(tally.counts, total: total, elapsed: elapsed))
        Terminal.out(apiSummary(tally, client: client, elapsed: elapsed, mix: orderMix, seed: seed))

        try await conclude(
            tally, watcher: watcher, watching: watching, known: nil, failure: failure,
            outcome: (answered: "answered by the order API", refused: "accepted"))
    }

    private func apiSummary(
        _ tally: ProducedOrders, client: OrderAPIClient, elapsed: Duration, mix: OrderMix, seed: UInt64
    ) -> String {
        let orders = tally.orders
        let counts = tally.counts
        let rejected = orders.count { $0.answered != nil }
        let seconds = max(0.001, elapsed.seconds)
        var perScenario: [OrderScenario: Int] = [:]
        for order in orders { perScenario[order.scenario, default: 0] += 1 }
        let scenarios = OrderScenario.allCases.compactMap { scenario in perScenario[scenario].map { "\(scenario.rawValue) \($0)" } }
        return """
            sent \(counts.sent) orders to the order API \(client.endpoint.absoluteString) in \(TimeText.duration(elapsed)) \
            (\(Int((Double(counts.acked) / seconds).rounded()))/s): \(counts.acked - rejected) accepted, \
            \(rejected) rejected as invalid (422), \(counts.failed) failed
            mix \(mix)  seed \(seed)  scenarios: \(scenarios.joined(separator: ", "))
            """
    }
}
