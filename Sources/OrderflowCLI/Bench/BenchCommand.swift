import ArgumentParser
import Bench
import Foundation
import LocalStack

/// `orderflow bench`: measures the runtime against raw baselines on the same broker and database server,
/// prints the table, and writes `.orderflow/bench/<timestamp>.json` plus one SVG chart per scenario.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput and latency against raw Kafka and pgbench baselines.",
        discussion: """
            Runs on a Kafka cluster (--brokers, else $KAFKA_BROKERS) or, without one, on a dev broker in this \
            process; and on a PostgreSQL server: the one --database-url names (an admin URL; scratch databases \
            are created and dropped), or by default a server of its own under .orderflow/bench/postgres with \
            production durability (fsync and synchronous_commit on). Build with `swift build -c release` (or \
            `make bench`): debug timings mean little.

            On a cluster every topic of the run is named under one prefix (unique to the run unless \
            --topic-prefix gives one): the run creates the topics it needs with the partitions it needs, keeping \
            every record, and deletes them at the end. Where the cluster does not let it create topics, make \
            them ahead of the run (--list-topics prints them) and run with the same --topic-prefix: topics that \
            exist are used if they have the planned partitions and no records, and are left in place. The \
            report names the cluster's broker count and the highest API versions its brokers offered. \
            Consumers keep librdkafka's fetch wait there unless KAFKA_FETCH_WAIT_MAX_MS sets one.

            Examples:
              orderflow bench --quick
              orderflow bench --brokers kafka-1:9092,kafka-2:9092
              orderflow bench --quick --topic-prefix bench-a. --list-topics > bench-topics.json
            """)

    @Option(help: ArgumentHelp(
        "Kafka cluster to run on (default: $KAFKA_BROKERS; without either, a dev broker in this process).",
        valueName: "host:port,..."))
    var brokers: String?

    @Option(name: .customLong("topic-prefix"), help: ArgumentHelp(
        "What every topic name of the run starts with (default: orderflow-bench-<time>-<random>.).",
        valueName: "prefix"))
    var topicPrefix: String?

    @Flag(name: .customLong("list-topics"), help: ArgumentHelp(
        "Print the topics a run with these options needs, as a topics file (JSON, the shape of topics/topics.json), and exit.",
        discussion: "For making them ahead of the run; needs --topic-prefix."))
    var listTopics = false

    @Option(name: .customLong("database-url"), help: "Admin URL of the PostgreSQL server to use (default: start one under .orderflow/bench/postgres).")
    var databaseURL: String?

    @Flag(help: "Tiny sizes: checks that every scenario runs and reports, not how fast.")
    var quick = false

    @Option(help: "Comma-separated scenarios: baselines,handler,relay,pipeline,resources (default: all).")
    var scenarios: String?

    @Option(help: "Where the JSON report and charts go.")
    var output: String = ".orderflow/bench"

    @Option(help: "pgbench executable (default: $PGBIN/pgbench or the newest /usr/lib/postgresql/*/bin/pgbench).")
    var pgbench: String?

    @Option(name: .customLong("handler-events"), help: "Events pre-filled for the handler scenario.")
    var handlerEvents: Int?

    @Option(name: .customLong("relay-rows"), help: "Outbox rows for the relay scenario.")
    var relayRows: Int?

    @Option(name: .customLong("max-run-seconds"), help: "A run that has not drained by then stops and reports its rate so far.")
    var maxRunSeconds: Int?

    @Option(name: .customLong("provider-latency-ms"), help: "The payment provider's latency in the pipeline scenario's second ladder (default 20; the first runs at 0).")
    var providerLatencyMs: Int?

    func validate() throws {
        if let scenarios {
            let unknown = Self.parse(scenarios).subtracting(Self.known)
            guard unknown.isEmpty else {
                throw ValidationError("unknown scenario(s): \(unknown.sorted().joined(separator: ", ")); known: \(Self.known.sorted().joined(separator: ", "))")
            }
        }
        for (name, value) in [("--handler-events", handlerEvents), ("--relay-rows", relayRows), ("--max-run-seconds", maxRunSeconds)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        if let topicPrefix, let problem = BenchTopicPlan.problem(withPrefix: topicPrefix) {
            throw ValidationError("--topic-prefix: \(problem)")
        }
        if listTopics && topicPrefix == nil {
            throw ValidationError("--list-topics needs --topic-prefix: the run that uses the topics must be given the same prefix")
        }
    }

    static let known: Set<String> = ["baselines", "handler", "relay", "pipeline", "resources"]

    static func parse(_ text: String) -> Set<String> {
        Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    func run() async throws {
        if listTopics {
            try printTopics()
            return
        }
        nonisolated(unsafe) let command = self
        let onCluster = brokers != nil || !(ProcessInfo.processInfo.environment["KAFKA_BROKERS"] ?? "").isEmpty
        try await HarnessInterrupt.run("bench", undone: { BenchInterruption.undone(onCluster: onCluster) }) {
            try await command.measure()
        }
    }

    private func measure() async throws {
        let log: @Sendable (String) -> Void = { line in
            FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
        }
        let outputDirectory = URL(fileURLWithPath: output, isDirectory: true).standardizedFileURL
        var server: LocalPostgres?
        let url: String
        if let databaseURL {
            url = databaseURL
        } else {
            // Default durability (fsync on): commits cost what they cost in production.
            let root = outputDirectory.appendingPathComponent("postgres", isDirectory: true)
            let started = try await LocalPostgres.start(LocalPostgres.Options(root: root))
            log("PostgreSQL on 127.0.0.1:\(started.port) (\(started.dataDirectory.path))")
            server = started
            url = started.adminURL
        }

        var options = self.options(databaseURL: url, outputDirectory: outputDirectory)
        options.pgbenchPath = pgbench
        options.brokers = brokers ?? ProcessInfo.processInfo.environment["KAFKA_BROKERS"].flatMap { $0.isEmpty ? nil : $0 }
        options.clusterFetchMaxWait = try ConsumerFetchWait.resolve(brokersFromDevFile: false)
        // The services are built next to this executable; /proc/self/exe also holds when it was found on PATH.
        options.binDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()

        let output: BenchRunner.Output
        do {
            output = try await BenchRunner(options: options, log: log).run()
        } catch {
            try? await server?.stop()
            throw error
        }
        try? await server?.stop()
        print(BenchTable.render(output.report))
        print("")
        print("report: \(output.jsonFile.path)")
        for chart in output.charts { print("chart:  \(chart.path)") }
    }

    /// The sizes and scenarios the flags ask for.
    private func options(databaseURL: String, outputDirectory: URL) -> BenchOptions {
        var options = BenchOptions(databaseURL: databaseURL, outputDirectory: outputDirectory, quick: quick,
                                   scenarios: scenarios.map(Self.parse))
        options.topicPrefix = topicPrefix
        if let handlerEvents { options.handlerEvents = handlerEvents }
        if let relayRows {
            options.relayRows = relayRows
            options.relayKeys = min(options.relayKeys, relayRows)
        }
        if let maxRunSeconds { options.maxRunDuration = .seconds(maxRunSeconds) }
        if let providerLatencyMs { options.providerLatency = .milliseconds(max(0, providerLatencyMs)) }
        return options
    }

    private func printTopics() throws {
        guard let topicPrefix else { throw ValidationError("--list-topics needs --topic-prefix") }
        let options = self.options(databaseURL: "", outputDirectory: URL(fileURLWithPath: output, isDirectory: true))
        let plan = BenchTopicPlan.planned(prefix: topicPrefix, options: options)
        if options.wants("pipeline") && plan.pipeline == nil {
            FileHandle.standardError.write(Data("bench: topics/topics.json not found from here: the pipeline's topics are not listed\n".utf8))
        }
        FileHandle.standardOutput.write(try plan.topicsFileJSON() + Data("\n".utf8))
    }
}
