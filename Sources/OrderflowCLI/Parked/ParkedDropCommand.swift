import ArgumentParser

struct ParkedDropCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop",
        abstract: "Remove a parked key's messages without handling them.",
        discussion: """
            The service never applies them; their records stay on their topics until retention, where \
            `orderflow tail` can still find them. Needs --yes.

            Example:
              orderflow parked drop 6f1c2d8e-0b7a-4c1e-9d55-3f0e6c1a9b42 --service order --yes
            """)

    @Argument(help: ArgumentHelp("The parked key (an order id).", valueName: "key"))
    var key: String

    @OptionGroup var databases: ParkedDatabaseOptions

    @Flag(help: "Confirm that the messages are to be dropped unhandled.")
    var yes = false

    func validate() throws {
        guard databases.service != nil else { throw ValidationError("--service is required: whose parked key to drop") }
        guard yes else { throw ValidationError("dropping parked messages loses them for the service; pass --yes to confirm") }
    }

    func run() async throws {
        let dropped = try await databases.each { _, parked in try await parked.drop(key: key) }
        let count = dropped.map(\.1).reduce(0, +)
        guard count > 0 else { throw CLIError("no parked messages with key \(key) in the \(databases.service ?? "") service") }
        Terminal.out("dropped \(count) parked message(s) of \(key)")
    }
}
