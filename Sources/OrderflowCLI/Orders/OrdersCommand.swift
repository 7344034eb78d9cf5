import ArgumentParser

struct OrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "Produce test orders and look orders up.",
        subcommands: [ProduceCommand.self, GetOrderCommand.self])
}
