import ArgumentParser

@main
struct Orderflow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orderflow",
        abstract: "Produce, follow and operate the orderflow pipeline.",
        subcommands: [BenchCommand.self])
}
