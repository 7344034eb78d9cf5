import ArgumentParser
import Foundation

/// `orderflow dev`: the whole pipeline on this machine.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run the whole pipeline locally: embedded broker, local Postgres, every service and relay.",
        discussion: """
            Examples:
              orderflow dev up                      # in the foreground; Ctrl-C stops it
              orderflow dev up --scale payment=3 --detach
              orderflow dev status --json
              orderflow dev logs payment#1 -f
              orderflow dev restart payment#1
              orderflow dev down
              orderflow dev reset                   # stop and delete the stack's state
              orderflow dev broker --partitions 12  # only the broker
              orderflow dev psp --error-rate 0.2    # break the payment provider (--reset heals it)
            """,
        subcommands: [
            DevUpCommand.self, DevDownCommand.self, DevStatusCommand.self, DevLogsCommand.self, DevRestartCommand.self,
            DevResetCommand.self, DevBrokerCommand.self, DevProviderCommand.self,
        ])
}

/// A failure of a dev command: printed as one `Error: ...` line, exit status 1.
struct DevError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One line on standard output, written at once (print's buffer would hold it back when stdout is a file).
func say(_ line: String) {
    try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
}
