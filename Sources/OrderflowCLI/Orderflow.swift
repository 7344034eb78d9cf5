import ArgumentParser
import Foundation

@main
struct Orderflow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orderflow",
        abstract: "Produce, follow and operate the orderflow pipeline.",
        discussion: """
            Kafka commands take --brokers (default: $KAFKA_BROKERS, else .orderflow/dev/env written by \
            'orderflow dev up'). Set ORDERFLOW_LOG_LEVEL=debug to see client library logs on stderr.

            Examples:
              orderflow topics create
              orderflow orders produce --count 100 --rate 20 --wait
              orderflow tail orders payments inventory shipments
              orderflow trace <correlation-id>
              orderflow dlq summary payments.dlq
              orderflow produce orders --key k1 --value-file event.json
              orderflow lag
            """,
        version: OrderflowVersion.current,
        subcommands: [
            OrdersCommand.self, ProduceRecordCommand.self, TailCommand.self, TraceCommand.self, DLQCommand.self,
            TopicsCommand.self, LagCommand.self, GroupsCommand.self, ParkedCommand.self, DevCommand.self, TokenCommand.self,
            BenchCommand.self, ChaosCommand.self,
        ])

    /// Replaces ArgumentParser's entry point so every failure is one line on stderr with an exit code,
    /// and so Ctrl-C is handled by the commands that opt in (`InterruptibleCommand`) rather than killing
    /// them mid-write.
    static func main() async {
        CLILogging.bootstrap()
        let code = await CommandEntry.run(Self.self, arguments: Array(CommandLine.arguments.dropFirst()))
        Foundation.exit(code)
    }
}
