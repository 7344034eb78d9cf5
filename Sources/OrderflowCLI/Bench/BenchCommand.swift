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
            Runs on an in-process dev broker and a PostgreSQL server: the one --database-url names (an admin \
            URL; scratch databases are created and dropped), or by default a server of its own under \
            .orderflow/bench/postgres with production durability (fsync and synchronous_commit on). \
            Build with `swift build -c release` (or `make bench`): debug timings mean little.
            """)

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
    }

    static let known: Set<String> = ["baselines", "handler", "relay", "pipeline", "resources"]

    static func parse(_ text: String) -> Set<String> {
        Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    func run() async throws {
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

        var options = BenchOptions(databaseURL: url, outputDirectory: outputDirectory, quick: quick,
                                   scenarios: scenarios.map(Self.parse))
        options.pgbenchPath = pgbench
        if let handlerEvents { options.handlerEvents = handlerEvents }
        if let relayRows {
            options.relayRows = relayRows
            options.relayKeys = min(options.relayKeys, relayRows)
        }
        if let maxRunSeconds { options.maxRunDuration = .seconds(maxRunSeconds) }
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
}
