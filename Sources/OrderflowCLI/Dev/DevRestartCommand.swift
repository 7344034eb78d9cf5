import ArgumentParser
import Foundation
import LocalStack

/// `orderflow dev restart <process>`: stops one process of the running stack (or every replica of a
/// service) and starts it again, waiting until it is ready.
struct DevRestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Stop a process of the dev stack and start it again (a crashed one too).",
        discussion: """
            A name is a process as `dev status` lists it (payment#2, relay-orders#1) or a service (payment: \
            every replica of it). The process gets a new pid; the order API keeps its port.

            Examples:
              orderflow dev restart payment#2
              orderflow dev restart inventory
            """)

    @Argument(help: ArgumentHelp("The processes to restart.", valueName: "process"))
    var processes: [String] = []

    @Option(help: "Seconds to wait for the restarted processes to become ready.")
    var timeout: Int = 120

    func validate() throws {
        guard !processes.isEmpty else { throw ValidationError("name a process to restart (e.g. payment#1)") }
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout \(timeout): must be 1-3600 seconds") }
    }

    func run() async throws {
        let (directory, _) = DevStackPointer.locate()
        guard directory.runningPID() != nil, let state = directory.readState() else {
            throw DevError("no dev stack is running (start one with `orderflow dev up`)")
        }
        for name in processes where DevControl.matching(name, in: state.processes).isEmpty {
            throw CLIError.usage("no process \(name) in the dev stack (it runs \(state.processes.map(\.name).joined(separator: ", ")))")
        }
        let answer = try await DevControl.restart(processes, directory: directory, timeout: .seconds(timeout + 30))
        for line in answer.lines { say(line) }
        if !answer.succeeded { throw DevError("restart failed") }
    }
}
