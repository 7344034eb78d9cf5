import ArgumentParser
import Events
import Foundation
import Kafka
import OrderTraffic

struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Produce order.requested commands with a mix of outcomes.",
        discussion: """
            Orders are generated from a seed: the same seed, count and mix give the same orders (ids \
            included), so a run can be repeated; the seed is printed in the summary. Scenarios: paid \
            (ends shipped), declined (cancelled, payment_declined), out-of-stock (cancelled, out_of_stock), \
            invalid (rejected). Progress goes to stderr, the summary to stdout.

            With --wait the command follows the orders and shipments topics (from their current end, recorded \
            before producing) until every order reached its terminal event, then prints outcomes per scenario \
            and latency percentiles from acknowledgement to terminal event. It exits non-zero when an order \
            did not settle within --wait-timeout or ended differently than its scenario says.

            Examples:
              orderflow orders produce --count 100 --rate 50
              orderflow orders produce --count 1000 --rate 200 --mix paid=70,declined=10,out-of-stock=10,invalid=10 --wait
              orderflow orders produce --count 10 --seed 42 --mix paid=100
              orderflow orders produce --via api --count 100 --rate 20 --wait
            """)

    @OptionGroup var kafka: KafkaOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("How many orders to produce.", valueName: "n"))
    var count: Int = 10

    @Option(parsing: .unconditional, help: ArgumentHelp("Orders per second; 0 means as fast as possible.", valueName: "per-second"))
    var rate: Double = 50

    @Option(help: ArgumentHelp(
        "Percent of each scenario (paid, declined, out-of-stock, invalid), adding up to 100.", valueName: "name=percent,..."))
    var mix: String = OrderMix.default.description

    @Option(name: .customLong("schema-version"), parsing: .unconditional, help: ArgumentHelp(
        "order.requested schema version to produce. Default: the newest.", valueName: "version"))
    var schemaVersion: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed of the order generator. Default: random.", valueName: "seed"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Topic to produce to.", valueName: "topic"))
    var topic: String = TopicCatalog.orderRequests

    @Option(help: ArgumentHelp(
        "Where the orders go: kafka (order.requested records on --topic) or api (POST /api/v1/orders with a bearer token).",
        valueName: "kafka|api"))
    var via: ProduceRoute = .kafka

    @OptionGroup var orderAPI: OrderAPIOptions

    @Flag(help: "Follow the orders to their terminal states and report outcomes and latency.")
    var wait = false

    @Option(name: .customLong("wait-timeout"), parsing: .unconditional, help: ArgumentHelp(
        "Seconds to wait, after the last acknowledgement, for every order to settle.", valueName: "seconds"))
    var waitTimeout: Double = 120

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count)") }
        guard rate >= 0, rate.isFinite else { throw ValidationError("--rate must be 0 (unlimited) or a positive number, got \(rate)") }
        guard waitTimeout > 0, waitTimeout.isFinite else { throw ValidationError("--wait-timeout must be a positive number of seconds") }
        do {
            _ = try OrderMix(parsing: mix)
        } catch {
            throw ValidationError("--mix \(mix): \(error)")
        }
        if via == .api, let schemaVersion, schemaVersion != OrderRequestEncoding.newestVersion {
            throw ValidationError("--schema-version \(schemaVersion): the order API takes only the newest order request (--via kafka sends older ones)")
        }
        if let schemaVersion {
            do {
                try OrderRequestEncoding.check(schemaVersion)
            } catch {
                throw ValidationError("--schema-version: \(error.message)")
            }
        }
    }

    func run() async throws {
        if via == .api { return try await runViaAPI() }
        let orderMix: OrderMix
        do {
            orderMix = try OrderMix(parsing: mix)
        } catch {
            throw CLIError("--mix \(mix): \(error)")
        }
        let version = schemaVersion ?? OrderRequestEncoding.newestVersion
        let seed = seed ?? UInt64.random(in: 1...UInt64(UInt32.max))
        let session = try await kafka.connect()
        defer { session.close() }
        _ = try session.requireTopics([topic])
        let watcher = wait ? try await OutcomeWatcher.start(session) : nil
        let known = wait ? await KnownOrders.lookUp(mix: orderMix, seed: seed, version: version, count: count) : nil
        if let known, !known.isEmpty { Terminal.out(known.notice(seed: seed, total: count)) }
        let producer = try makeProducer(session)
        let tally = ProducedOrders()
        let sender = OrderSender(
            producer: producer, generator: OrderGenerator(mix: orderMix, seed: seed, requestVersion: version), topic: topic,
            schemaVersion: version, count: count, rate: rate > 0 ? rate : nil, tally: tally)

        // Before the clock starts: the first orders would otherwise wait for librdkafka to learn the topic.
        try? await producer.learnTopics(timeout: session.timeout)
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
        await producer.close()
        Terminal.out(summary(tally, elapsed: elapsed, mix: orderMix, seed: seed, version: version))

        try await conclude(
            tally, watcher: watcher, watching: watching, known: known, failure: failure,
            outcome: (answered: "acknowledged", refused: "delivered"))
    }

    /// After the last order went out: the outcome table when `--wait` follows them, then the verdict, in
    /// the same words whichever way the orders went (`answered`/`refused`: what an order is when it
    /// reached the pipeline, and what it was not when it did not).
    func conclude(
        _ tally: ProducedOrders, watcher: OutcomeWatcher?, watching: Task<Void, any Error>?, known: KnownOrders?,
        failure: (any Error)?, outcome: (answered: String, refused: String)
    ) async throws {
        var report: OutcomeReport?
        if let watcher, failure == nil, !Interrupt.requested {
            await waitForSettling(tally, watcher, known: known)
            report = OutcomeReport(orders: tally.orders, watcher: watcher, known: known)
        }
        watcher?.stop()
        let watchFailure: (any Error)? = if case .failure(let error)? = await watching?.result { error } else { nil }
        await watcher?.close()
        if let report { Terminal.out("\n" + report.render()) }

        if let failure { throw failure }
        if Interrupt.requested {
            throw CLIError.interrupted("\(tally.counts.acked) of \(count) orders \(outcome.answered)")
        }
        let counts = tally.counts
        if counts.failed > 0 {
            throw CLIError("\(counts.failed) of \(count) orders were not \(outcome.refused); first error: \(tally.firstError ?? "unknown")")
        }
        if let report, !report.isClean, let watchFailure {
            throw CLIError("following the outcomes failed: \(watchFailure)")
        }
        if let report, !report.isClean {
            var problems: [String] = []
            if !report.unexpected.isEmpty { problems.append("\(report.unexpected.count) order(s) ended unexpectedly") }
            if !report.unsettled.isEmpty {
                problems.append("\(report.unsettled.count) did not settle within \(KafkaOptions.format(waitTimeout))s")
            }
            throw CLIError(problems.joined(separator: ", "))
        }
    }

    private func makeProducer(_ session: BrokerSession) throws(CLIError) -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(bootstrapServers: session.bootstrapServers)
        configuration.clientID = "orderflow-cli-produce"
        configuration.security = session.security
        do {
            return try KafkaProducer(configuration: configuration, logger: CLILogging.logger("produce"))
        } catch {
            throw CLIError("cannot create a producer: \(KafkaErrorText.describe(error))")
        }
    }

    func waitForSettling(_ tally: ProducedOrders, _ watcher: OutcomeWatcher, known: KnownOrders? = nil) async {
        let orders = tally.orders.filter { !$0.failed && known?.summary($0.orderID) == nil }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(waitTimeout * 1000)))
        let settledCount = { @Sendable in
            orders.count { $0.answered != nil || watcher.outcome(orderID: $0.orderID, correlationID: $0.correlationID) != nil }
        }
        let progress = ProgressLine { "waiting for outcomes: \(settledCount())/\(orders.count) settled" }
        var lastRead = clock.now
        while clock.now < deadline, !Interrupt.requested, settledCount() < orders.count || !(known?.underWay.isEmpty ?? true) {
            try? await Task.sleep(for: .milliseconds(100))
            if let known, lastRead.duration(to: clock.now) > .milliseconds(500) {
                await known.refresh()
                lastRead = clock.now
            }
        }
        await progress.finish("waiting for outcomes: \(settledCount())/\(orders.count) settled")
    }

    static func progressText(_ counts: ProducedOrders.Counts, total: Int, elapsed: Duration) -> String {
        let seconds = max(0.001, elapsed.seconds)
        let rate = Double(counts.acked) / seconds
        let remaining = total - counts.acked - counts.failed
        let eta = rate > 0 ? TimeText.duration(seconds: Double(remaining) / rate) : "-"
        var text = "\(ProgressLine.bar(counts.acked + counts.failed, of: total)) \(counts.sent)/\(total) sent, "
            + "\(counts.acked) acked, \(Int(rate.rounded()))/s, ETA \(eta)"
        if counts.failed > 0 { text += ", \(counts.failed) failed" }
        return text
    }

    private func summary(_ tally: ProducedOrders, elapsed: Duration, mix: OrderMix, seed: UInt64, version: Int) -> String {
        let counts = tally.counts
        let seconds = max(0.001, elapsed.seconds)
        var perScenario: [OrderScenario: Int] = [:]
        for order in tally.orders { perScenario[order.scenario, default: 0] += 1 }
        let scenarios = OrderScenario.allCases.compactMap { scenario in perScenario[scenario].map { "\(scenario.rawValue) \($0)" } }
        return """
            produced \(counts.sent) order.requested v\(version) to \(topic) in \(TimeText.duration(elapsed)) \
            (\(Int((Double(counts.acked) / seconds).rounded()))/s): \(counts.acked) acknowledged, \(counts.failed) failed
            mix \(mix)  seed \(seed)  scenarios: \(scenarios.joined(separator: ", "))
            """
    }
}
