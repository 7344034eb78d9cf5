import ArgumentParser

struct OrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "Produce test orders and look orders up.",
        discussion: """
            Examples:
              orderflow orders produce --count 100 --rate 20 --wait
              orderflow orders get 6f1c2d8e-0b7a-4c1e-9d55-3f0e6c1a9b42
            """,
        subcommands: [ProduceCommand.self, GetOrderCommand.self])
}
