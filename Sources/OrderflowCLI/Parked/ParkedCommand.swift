import ArgumentParser

struct ParkedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parked",
        abstract: "Look at and act on messages parked in the services' databases.",
        discussion: """
            A message whose handling fails retryably (a lock timeout, a busy dependency) is parked in its \
            service's database with the later messages of its key (its order), so the rest of its \
            partition goes on. Each service retries a key's first message with backoff; out of attempts it \
            dead-letters it (payment, inventory, shipping, notification) or holds the key for you (order).

            Examples:
              orderflow parked list
              orderflow parked list --service order --json
              orderflow parked retry 6f1c2d8e-0b7a-4c1e-9d55-3f0e6c1a9b42 --service order
              orderflow parked drop 6f1c2d8e-0b7a-4c1e-9d55-3f0e6c1a9b42 --service order --yes
            """,
        subcommands: [ParkedListCommand.self, ParkedRetryCommand.self, ParkedDropCommand.self])
}
