import ArgumentParser
import Foundation
import LocalStack

/// `orderflow dev up`: the whole pipeline, in the foreground until Ctrl-C (or `dev down`), or detached.
struct DevUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the broker, Postgres, every service and outbox relay; stop them all on Ctrl-C.",
        discussion: """
            Uses --brokers (else KAFKA_BROKERS) if set, else starts an embedded broker in this process. Uses \
            DATABASE_URL (an admin URL) if set, else a local PostgreSQL kept under .orderflow/postgres. Creates \
            the topics of topics/topics.json and the five service databases, starts the processes (logs \
            prefixed with their names, also in .orderflow/dev/stack.log), waits until each is ready, then \
            writes .orderflow/dev/env for the other commands. The order API (order#1) listens on \
            127.0.0.1:8080 (--api-port).

            The embedded broker keeps its records in memory, so every `dev up` on it starts with empty \
            service databases too: orders of an earlier stack are gone with the broker that carried them. \
            On an outside broker (--brokers or KAFKA_BROKERS) the databases are kept.

            Every process the stack starts dies with it, even when `dev up` is killed.

            Examples:
              orderflow dev up
              orderflow dev up --scale payment=3 --scale inventory=2
              orderflow dev up --detach   # returns once everything is ready
            """)

    @Option(name: .customLong("scale"), help: ArgumentHelp(
        "Replicas of a service, SERVICE=N (order, payment, inventory, shipping, notification: 1-6; relay=N: relays per database, 1-4). Repeatable.",
        valueName: "service=n"))
    var scale: [String] = []

    @Option(name: .customLong("broker-count"), help: "Brokers of the embedded cluster (1-5).")
    var brokerCount: Int = 1

    @Option(help: ArgumentHelp(
        "Run on this Kafka cluster instead of an embedded broker (default: $KAFKA_BROKERS).", valueName: "host:port,..."))
    var brokers: String?

    @Option(name: .customLong("api-port"), help: ArgumentHelp(
        "Port of the order API (order#1) on 127.0.0.1; 0 picks a free one.", valueName: "port"))
    var apiPort: Int = DevUpPlan.defaultAPIPort

    @Flag(help: "Run in the background (log in .orderflow/dev/stack.log); return once everything is ready.")
    var detach = false

    @Option(help: "Seconds to wait for every process to become ready.")
    var readyTimeout: Int = 120

    @Option(help: "The topics file (default: topics/topics.json of the repository).")
    var topicsFile: String?

    @Option(help: "Directory of the service executables (default: the directory of this orderflow binary).")
    var binDir: String?

    @Option(help: "Log format of the processes: text or json.")
    var logFormat: String = "text"

    @Flag(help: .hidden)
    var detachedChild = false

    func validate() throws {
        do {
            _ = try StackScale(parsing: scale)
        } catch {
            throw ValidationError(error.description)
        }
        guard (1...5).contains(brokerCount) else { throw ValidationError("--broker-count \(brokerCount): must be 1-5") }
        if let brokers {
            if Int(brokers) != nil {
                throw ValidationError("--brokers \(brokers): expects host:port of a Kafka cluster; the embedded broker's size is --broker-count")
            }
            guard brokers.contains(":") else { throw ValidationError("--brokers \(brokers): expects host:port,...") }
        }
        guard (0...65535).contains(apiPort) else { throw ValidationError("--api-port \(apiPort): must be 0-65535") }
        guard (1...3600).contains(readyTimeout) else { throw ValidationError("--ready-timeout \(readyTimeout): must be 1-3600 seconds") }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format \(logFormat): must be text or json") }
    }

    mutating func run() async throws {
        let directory = DevStateDirectory.current()
        if let pid = directory.runningPID(), pid != getpid() {
            throw DevError("a dev stack is already running (pid \(pid)); stop it with `orderflow dev down`")
        }
        var plan = try DevUpPlan(
            scale: scale, brokerCount: brokerCount, brokers: brokers, readyTimeout: readyTimeout, topicsFile: topicsFile,
            binDir: binDir, logFormat: logFormat)
        plan.apiPort = try APIPort.claim(apiPort, checkFree: true)
        try directory.prepare()
        if detach {
            var arguments = CommandLine.arguments.dropFirst().filter { $0 != "--detach" } + ["--detached-child"]
            // The child must not pick another free port than the one checked here.
            if apiPort == 0 { arguments += ["--api-port", String(plan.apiPort)] }
            try await DetachedLaunch.run(arguments: Array(arguments), directory: directory, plan: plan)
            return
        }
        if detachedChild {
            // Out of the terminal's session: closing it must not stop the stack.
            _ = setsid()
            signal(SIGHUP, SIG_IGN)
        }
        let signals = ShutdownSignals.install { _ in
            // A second Ctrl-C: the user is done waiting for a graceful stop.
            StartedProcesses.killAll()
            say("dev | interrupted again: killed every process of the stack")
            directory.clear()
            Foundation.exit(130)
        }
        try directory.writePID(getpid())
        var output = ProcessOutput.console(colour: !detachedChild && TerminalColour.isWanted())
        if !detachedChild, let log = try? ProcessOutput.file(directory.logFile) {
            // `dev logs` reads it; a detached stack's standard output is that file already.
            output = output.and(log)
        }

        let starting = Task { [plan, output] in try await DevLauncher.start(plan, directory: directory, output: output) }
        let watcher = Task {
            _ = await signals.wait()
            starting.cancel()
        }
        let running: RunningDevStack
        do {
            running = try await starting.value
        } catch {
            watcher.cancel()
            directory.clear()
            if let number = signals.received {
                throw CLIError("interrupted: the dev stack was still starting; nothing it started is left running", exitCode: 128 + number)
            }
            throw error
        }
        watcher.cancel()
        if signals.received == nil {
            DevStackPointer.announce(directory)
            for line in DevSummary.lines(directory.readState(), directory: directory) { output.write(label: "dev", line: line) }
            output.write(label: "dev", line: "Ctrl-C or `orderflow dev down` stops everything.")
            await running.watch(until: signals, output: output, directory: directory)
        }
        output.write(label: "dev", line: "stopping…")
        await running.stop(directory: directory)
        DevStackPointer.withdraw(directory)
        directory.clear()
        output.write(label: "dev", line: "stopped")
    }
}

/// The checked options of `dev up`.
struct DevUpPlan: Sendable {
    static let defaultAPIPort = 8080

    var scale: StackScale
    var brokerCount: Int
    /// An outside cluster (--brokers, else KAFKA_BROKERS); nil: the embedded broker.
    var externalBrokers: String?
    var readyTimeout: Duration
    var topics: TopicsFile
    var executables: URL
    var logFormat: String
    var apiPort: Int = defaultAPIPort

    init(
        scale: [String], brokerCount: Int, brokers: String?, readyTimeout: Int, topicsFile: String?, binDir: String?,
        logFormat: String
    ) throws {
        do {
            self.scale = try StackScale(parsing: scale)
        } catch {
            throw CLIError.usage(error.description)
        }
        self.brokerCount = brokerCount
        let fromEnvironment = ProcessInfo.processInfo.environment["KAFKA_BROKERS"].flatMap { $0.isEmpty ? nil : $0 }
        self.externalBrokers = brokers ?? fromEnvironment
        self.readyTimeout = .seconds(readyTimeout)
        self.logFormat = logFormat
        self.executables = try ExecutableDirectory.locate(binDir)
        self.topics = try ExecutableDirectory.topicsFile(topicsFile)
        if (ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "").isEmpty {
            // Checked before anything starts (and before detaching), so the reason comes back at once.
            do {
                _ = try PostgresBinaries.locate()
            } catch {
                throw DevError("\(error) (or set DATABASE_URL to use a running server)")
            }
        }
    }
}
