import ArgumentParser
import Foundation
import LocalStack

/// `orderflow dev up`: the whole pipeline, in the foreground until Ctrl-C (or `dev down`), or detached.
struct DevUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the broker, Postgres, every service and outbox relay; stop them all on Ctrl-C.",
        discussion: """
            Uses KAFKA_BROKERS if set, else starts an embedded broker in this process. Uses DATABASE_URL (an \
            admin URL) if set, else a local PostgreSQL kept under .orderflow/postgres. Creates the topics of \
            topics/topics.json and the five service databases, starts the processes (logs prefixed with their \
            names), waits until each is ready, then writes .orderflow/dev/env for the other commands.

            Examples:
              orderflow dev up
              orderflow dev up --scale payment=3 --scale inventory=2
              orderflow dev up --detach   # returns once everything is ready
            """)

    @Option(name: .customLong("scale"), help: ArgumentHelp(
        "Replicas of a service, SERVICE=N (order, payment, inventory, shipping, notification: 1-6; relay=N: relays per database, 1-4). Repeatable.",
        valueName: "service=n"))
    var scale: [String] = []

    @Option(help: "Brokers of the embedded cluster (1-5); ignored when KAFKA_BROKERS is set.")
    var brokers: Int = 1

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

    mutating func run() async throws {
        let plan = try DevUpPlan(
            scale: scale, brokers: brokers, readyTimeout: readyTimeout, topicsFile: topicsFile, binDir: binDir,
            logFormat: logFormat)
        let directory = DevStateDirectory.current()
        if let pid = directory.runningPID(), pid != getpid() {
            throw DevError("a dev stack is already running (pid \(pid)); stop it with `orderflow dev down`")
        }
        try directory.prepare()
        if detach {
            let arguments = CommandLine.arguments.dropFirst().filter { $0 != "--detach" } + ["--detached-child"]
            try await DetachedLaunch.run(arguments: Array(arguments), directory: directory, plan: plan)
            return
        }
        if detachedChild {
            // Out of the terminal's session: closing it must not stop the stack.
            _ = setsid()
            signal(SIGHUP, SIG_IGN)
        }
        let signals = ShutdownSignals.install()
        try directory.writePID(getpid())
        let output = ProcessOutput.console(colour: !detachedChild && TerminalColour.isWanted())

        let starting = Task { try await DevLauncher.start(plan, directory: directory, output: output) }
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
            throw error
        }
        watcher.cancel()
        if signals.received == nil {
            for line in DevSummary.lines(directory.readState(), directory: directory) { output.write(label: "dev", line: line) }
            output.write(label: "dev", line: "Ctrl-C or `orderflow dev down` stops everything.")
            await running.watch(until: signals, output: output)
        }
        output.write(label: "dev", line: "stopping…")
        await running.stop(directory: directory)
        directory.clear()
        output.write(label: "dev", line: "stopped")
    }
}

/// The checked options of `dev up`.
struct DevUpPlan: Sendable {
    var scale: StackScale
    var brokers: Int
    var readyTimeout: Duration
    var topics: TopicsFile
    var executables: URL
    var logFormat: String

    init(scale: [String], brokers: Int, readyTimeout: Int, topicsFile: String?, binDir: String?, logFormat: String) throws {
        do {
            self.scale = try StackScale(parsing: scale)
        } catch {
            throw DevError(error.description)
        }
        guard (1...5).contains(brokers) else { throw DevError("--brokers \(brokers): must be 1-5") }
        guard (1...3600).contains(readyTimeout) else { throw DevError("--ready-timeout \(readyTimeout): must be 1-3600 seconds") }
        guard ["text", "json"].contains(logFormat) else { throw DevError("--log-format \(logFormat): must be text or json") }
        self.brokers = brokers
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
