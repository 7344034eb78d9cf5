import ArgumentParser
import Foundation
import LocalStack

/// `orderflow dev status`: which processes of the dev stack run, with pids and readiness.
struct DevStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the processes of the dev stack with their pids, ports and readiness.",
        discussion: """
            The first line sums up the table below it: ready only when every process is. Finds the stack in \
            this folder or a parent, else in ORDERFLOW_DEV_DIR, else the one `dev up` last started (from \
            any folder).

            Exit status: 0 when the stack runs and every process is ready, 1 otherwise.
            """)

    @Flag(help: "Print the status as one JSON object.")
    var json = false

    mutating func run() async throws {
        let (directory, origin) = DevStackPointer.locate()
        guard let pid = directory.runningPID(), let state = directory.readState(), state.pid == pid else {
            let orphans = directory.readState()?.processes.filter { ProcessProbe.isAlive($0.pid) } ?? []
            let message = orphans.isEmpty
                ? "no dev stack is running (start one with `orderflow dev up`)"
                : "no dev stack is running, but \(orphans.count) of its processes are (its `dev up` was killed); `orderflow dev down` stops them"
            if json {
                Terminal.out(DevStatusReport.notRunning(message: message, orphans: orphans.map(\.name)).json())
            } else {
                say(message)
            }
            throw ExitCode(1)
        }
        let report = await DevStatusReport.collect(state, directory: directory)
        if json {
            Terminal.out(report.json())
        } else {
            if let origin { say("dev stack in \(directory.base.path) (found through \(origin))") }
            for line in report.lines() { say(line) }
        }
        if !report.ready { throw ExitCode(1) }
    }
}
