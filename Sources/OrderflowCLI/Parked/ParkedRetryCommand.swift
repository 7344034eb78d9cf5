import ArgumentParser

struct ParkedRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Retry a parked key now, with a fresh attempt budget (a held key included).",
        discussion: """
            Example:
              orderflow parked retry 6f1c2d8e-0b7a-4c1e-9d55-3f0e6c1a9b42 --service order
            """)

    @Argument(help: ArgumentHelp("The parked key (an order id).", valueName: "key"))
    var key: String

    @OptionGroup var databases: ParkedDatabaseOptions

    func validate() throws {
        guard databases.service != nil else { throw ValidationError("--service is required: whose parked key to retry") }
    }

    func run() async throws {
        let touched = try await databases.each { _, parked in try await parked.retry(key: key) }
        let count = touched.map(\.1).reduce(0, +)
        guard count > 0 else { throw CLIError("no parked messages with key \(key) in the \(databases.service ?? "") service") }
        Terminal.out("\(count) parked message(s) of \(key) due now; the service retries them within a second")
    }
}
