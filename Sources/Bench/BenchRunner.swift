import Foundation
import Kafka
import Logging
import Postgres
import Streaming

/// Runs the selected scenarios in order on one Kafka (a dev broker of its own, or the cluster the
/// options name) and one database server, then writes the JSON report and one chart per scenario and
/// returns the report (`BenchTable` prints it).
public struct BenchRunner: Sendable {
    public let options: BenchOptions
    let log: @Sendable (String) -> Void

    public init(options: BenchOptions, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.log = log
    }

    public struct Output: Sendable {
        public var report: BenchReport
        public var jsonFile: URL
        public var charts: [URL]
    }

    public func run() async throws -> Output {
        var logger = Logger(label: "orderflow.bench")
        logger.logLevel = .error
        let server: PostgresConfiguration
        do {
            server = try PostgresConfiguration(url: options.databaseURL)
        } catch {
            throw BenchError("database", "invalid database URL: \(error)")
        }
        let probe: PostgresConnection
        do {
            probe = try await PostgresConnection.connect(server, logger: logger)
        } catch {
            throw BenchError("database", "cannot connect to \(server.redactedURL): \(error)")
        }
        let settings = await DatabaseBaselines.serverSettings(probe)
        let postmaster = ServerCPU.postmaster(of: probe)
        await probe.close()

        let stamp = Self.timestamp()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-bench-\(stamp)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: options.outputDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let (cluster, admin) = try await connect(logger: logger)
        defer { cluster.shutdown() }
        let plan = BenchTopicPlan.planned(prefix: options.topicPrefix ?? BenchTopicPlan.uniquePrefix(stamp: stamp), options: options)
        let topics = BenchTopics(plan: plan, cluster: cluster)
        log("broker: \(cluster.summary)")
        log("topics: \(plan.topics.count) under \(plan.prefix)")
        let context = BenchContext(
            options: options, cluster: cluster, topics: topics, admin: admin, server: server,
            pgbench: Pgbench.locate(explicit: options.pgbenchPath), scratch: scratch, logger: logger,
            postmasterPID: postmaster, log: log)

        var environment = BenchEnvironment(build: Self.buildConfiguration, broker: cluster.summary, postgres: settings, sizes: options.sizes)
        environment.brokerCount = cluster.brokerCount
        environment.brokerAPIVersions = cluster.apiVersions
        environment.topicPrefix = plan.prefix
        environment.postgres["server_cpu_measured"] = postmaster == nil ? "no (server not on this machine)" : "yes"
        var report = BenchReport(startedAt: stamp, quick: options.quick, machine: .current(), environment: environment)
        let results: ScenarioResults
        do {
            try await topics.provision(admin: admin)
            results = try await scenarios(context)
        } catch {
            if let note = await topics.cleanUp(admin: admin) { log(note) }
            await admin.closeAndWait()
            throw error
        }
        report.environment.topics = await topics.cleanUp(admin: admin)
        // A dev broker of the run's stops when this returns; the admin's group readers leave their groups first.
        await admin.closeAndWait()

        let assembled = ReportAssembler(results: results, options: options)
        report.scenarios = assembled.scenarios()
        report.targets = assembled.targets()

        var charts: [URL] = []
        for name in BenchReport.scenarioOrder {
            guard var scenario = report.scenarios[name], scenario.skipped == nil,
                  !scenario.series.isEmpty || !scenario.latencies.isEmpty else { continue }
            let file = "\(stamp)-\(name).svg"
            let url = options.outputDirectory.appendingPathComponent(file)
            try BenchChart.svg(title: "orderflow bench: \(name)", scenario: scenario).write(to: url, atomically: true, encoding: .utf8)
            scenario.chart = file
            report.scenarios[name] = scenario
            charts.append(url)
        }
        let jsonFile = options.outputDirectory.appendingPathComponent("\(stamp).json")
        try report.jsonData().write(to: jsonFile)
        return Output(report: report, jsonFile: jsonFile, charts: charts)
    }

    private func scenarios(_ context: BenchContext) async throws -> ScenarioResults {
        var results = ScenarioResults()
        if options.runsBaselines {
            results.baselines = try await BaselinesStep(context: context).run()
        }
        if options.wants("handler") {
            results.handler = try await HandlerStep(context: context).run()
        }
        if options.wants("relay") {
            results.relay = try await RelayStep(context: context).run()
        }
        if options.wants("pipeline") {
            results.pipeline = await PipelineStep(context: context).run()
        }
        return results
    }

    /// The cluster the options name, or a dev broker of the run's own, with an admin client on it.
    private func connect(logger: Logger) async throws -> (BenchCluster, KafkaAdmin) {
        guard let brokers = options.brokers else {
            let cluster = try BenchCluster.inProcess(logger: logger)
            do {
                return (cluster, try KafkaAdmin(bootstrapServers: cluster.bootstrapServers, logger: logger))
            } catch {
                cluster.shutdown()
                throw BenchError("broker", "an admin client for the dev broker: \(error)")
            }
        }
        let security: KafkaSecurity
        do {
            security = try KafkaClientSecurity.fromEnvironment()
        } catch {
            throw BenchError("broker", "the Kafka security settings: \(error)")
        }
        let admin: KafkaAdmin
        do {
            admin = try KafkaAdmin(bootstrapServers: brokers, security: security, logger: logger)
        } catch {
            throw BenchError("broker", "cannot use brokers \"\(brokers)\": \(error)")
        }
        do {
            let cluster = try await BenchCluster.external(
                brokers, admin: admin, security: security, fetchMaxWait: options.clusterFetchMaxWait)
            return (cluster, admin)
        } catch {
            admin.close()
            throw error
        }
    }

    static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: Date())
    }

    static var buildConfiguration: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }

    static let librdkafkaNote = "2.0.2"
}

/// Raw measurements of every step, before they become figures.
struct ScenarioResults: Sendable {
    var baselines: BaselinesStep.Result?
    var handler: HandlerStep.Result?
    var relay: RelayStep.Result?
    var pipeline: PipelineStep.Result?
}
