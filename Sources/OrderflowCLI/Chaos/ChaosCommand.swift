import ArgumentParser
import FaultSuite
import Foundation
import LocalStack
import Postgres

/// `orderflow chaos`: the fault suite. Every scenario runs the whole pipeline (services and relays as
/// child processes, the embedded broker and a local PostgreSQL in this process), injects its faults while
/// orders flow, and checks that nothing was lost, nothing happened twice and the dead letters are exactly
/// the expected ones. Prints the report table; exits 1 when a scenario fails or proves nothing.
struct ChaosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Run the fault scenarios against the whole pipeline and report what survived.",
        discussion: """
            Scenarios: \(FaultScenario.allCases.map(\.rawValue).joined(separator: ", ")).

            Each starts a fresh stack (embedded broker, service and relay processes, databases of its own), \
            publishes orders while injecting its faults, then checks that every order settled (none lost), no \
            effect happened twice, the dead letters are exactly the expected ones, and the broker still held \
            every record a consumer group had yet to commit (otherwise the run is INVALID: it proves nothing). \
            The full form takes one to two minutes per scenario on a release build (make faults builds one).

            The faults are injected through the dev broker, so every scenario runs on one of its own: with \
            KAFKA_BROKERS set, chaos refuses to start rather than seem to test that cluster.

            --soak DURATION runs the pipeline that long at half its measured rate instead, killing a random \
            process every few minutes and restarting PostgreSQL once, sampling every process's memory, open \
            files and threads, the consumer lag and the outbox backlog; it fails on steady growth, on lag or \
            backlog that do not come back after a fault, and on any broken invariant (make soak: 30 minutes).

            Examples:
              orderflow chaos
              orderflow chaos --short --scenario poison --scenario broker-faults
              orderflow chaos --report .orderflow/chaos/report.md
              orderflow chaos --soak 30m
            """)

    @Option(name: .customLong("scenario"), help: "A scenario to run (repeatable; default: all).")
    var scenarios: [String] = []

    @Flag(help: "The short form (a few hundred orders per scenario), as the test suite runs it.")
    var short = false

    @Option(help: "Override the number of good orders of every scenario.")
    var orders: Int?

    @Option(help: "Override the number of fault rounds (kills, restarts, ...) of every scenario; 0 runs it without faults.")
    var faultRounds: Int?

    @Option(name: .customLong("scale"), help: ArgumentHelp(
        "Override the replicas of every scenario, SERVICE=N or relay=N (as `dev up --scale`). Repeatable.", valueName: "service=n"))
    var scale: [String] = []

    @Option(help: "Directory of the local PostgreSQL the runner manages (created on first use).")
    var postgresDir: String = ".orderflow/chaos/postgres"

    @Option(help: "Use this PostgreSQL server (an admin URL) instead of a managed one; postgres-restart is then skipped as invalid.")
    var databaseURL: String?

    @Option(help: "Where the process output of each run goes.")
    var logDir: String = ".orderflow/chaos/logs"

    @Option(help: "Also write the report (table and details, Markdown) to this file.")
    var report: String?

    @OptionGroup var soakOptions: SoakOptions

    @Option(help: "LOG_LEVEL of the services and relays (their output goes to --log-dir).")
    var logLevel: String = "notice"

    @Flag(help: "Keep the databases of failed runs for inspection.")
    var keepDatabases = false

    @Option(help: "Directory of the service executables (default: the directory of this orderflow binary).")
    var binDir: String?

    @Option(help: "The topics file (default: topics/topics.json of the repository).")
    var topicsFile: String?

    mutating func run() async throws {
        if let brokers = ProcessInfo.processInfo.environment["KAFKA_BROKERS"], !brokers.isEmpty {
            throw CLIError(
                "chaos injects its faults through a dev broker of its own and cannot run on another broker "
                    + "(KAFKA_BROKERS=\(brokers)); unset KAFKA_BROKERS to run it")
        }
        let selected = try ChaosSelection.scenarios(scenarios)
        if let orders, !(1...20_000).contains(orders) { throw CLIError.usage("--orders \(orders): must be 1-20000") }
        if let faultRounds, !(0...100).contains(faultRounds) { throw CLIError.usage("--fault-rounds \(faultRounds): must be 0-100") }
        let scaleOverride: StackScale?
        do {
            scaleOverride = scale.isEmpty ? nil : try StackScale(parsing: scale)
        } catch {
            throw CLIError.usage(error.description)
        }
        let progress = ChaosProgress(selected)
        nonisolated(unsafe) let command = self
        try await HarnessInterrupt.run("chaos", undone: { progress.undone(report: command.report) }) {
            try await command.runScenarios(selected, scaleOverride: scaleOverride, progress: progress)
        }
    }

    private func runScenarios(_ selected: [FaultScenario], scaleOverride: StackScale?, progress: ChaosProgress) async throws {
        let executables = try ExecutableDirectory.locate(binDir)
        let topics = try ExecutableDirectory.topicsFile(topicsFile)
        let server = try await ChaosDatabase.prepare(databaseURL: databaseURL, directory: postgresDir)
        let processEnvironment = ["LOG_LEVEL": logLevel]
        let environment = FaultEnvironment(
            executables: executables, topics: topics, database: server, logDirectory: URL(fileURLWithPath: logDir),
            environment: processEnvironment, keepFailedDatabases: keepDatabases)
        if let soakPlan = try soakOptions.plan() {
            let result = await SoakRunner(environment: environment, output: URL(fileURLWithPath: soakOptions.soakOutput))
                .run(soakPlan) { line in say("   \(line)") }
            if let managed = server.managed { try? await managed.stop() }
            say(result.text)
            if !result.passed { throw ExitCode(1) }
            return
        }
        let runner = FaultScenarioRunner(environment: environment)
        var results: [FaultScenarioResult] = []
        for scenario in selected {
            var plan = FaultScenarioPlan.standard(scenario, short ? .short : .full)
            if let orders { plan.orders = orders }
            if let faultRounds { plan.faultRounds = faultRounds }
            if let override = scaleOverride { plan.scale = override }
            say("== \(scenario.rawValue): \(scenario.summary) (\(plan.orders) orders, \(plan.form.rawValue) form)")
            progress.begin(scenario)
            let result = await runner.run(plan) { line in say("   \(line)") }
            progress.end(scenario)
            say("   \(result.verdict.rawValue) in \(String(format: "%.0f", Double(result.duration.components.seconds))) s")
            results.append(result)
        }
        if let managed = server.managed { try? await managed.stop() }
        let report = FaultReport(results: results)
        say("")
        say(report.table)
        say("")
        say(report.details)
        if let path = self.report {
            try ChaosReportFile.write(report, to: path)
            say("\nreport written to \(path)")
        }
        if !report.passed { throw ExitCode(1) }
    }
}

/// Which scenarios `--scenario` names.
enum ChaosSelection {
    static func scenarios(_ names: [String]) throws -> [FaultScenario] {
        guard !names.isEmpty else { return FaultScenario.allCases }
        var selected: [FaultScenario] = []
        for name in names.flatMap({ $0.split(separator: ",").map(String.init) }) {
            guard let scenario = FaultScenario(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw CLIError.usage("unknown scenario \"\(name)\" (known: \(FaultScenario.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if !selected.contains(scenario) { selected.append(scenario) }
        }
        return selected
    }
}
