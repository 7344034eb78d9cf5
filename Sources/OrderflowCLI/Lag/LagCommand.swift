import ArgumentParser
import Foundation
import Kafka
import LocalStack

struct LagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lag",
        abstract: "Show how far consumer groups are behind, per partition.",
        discussion: """
            By default shows the five service groups (order-service, payment-service, inventory-service, \
            shipping-service, notification-service) on the topics each consumes. LAG is high watermark minus \
            the committed offset (or minus the low watermark when the group has committed nothing there).

            Examples:
              orderflow lag
              orderflow lag --group payment-service
              orderflow lag --group my-audit-group --topic orders --topic payments
            """)

    @OptionGroup var kafka: KafkaOptions

    @Option(name: .customLong("group"), help: ArgumentHelp("Consumer group (repeatable).", valueName: "group"))
    var groups: [String] = []

    @Option(name: .customLong("topic"), help: ArgumentHelp(
        "Topics to inspect (repeatable); needed for groups that are not one of the services.", valueName: "topic"))
    var topics: [String] = []

    func run() async throws {
        let selection = try selectedGroups()
        let session = try await kafka.connect()
        defer { session.close() }
        var blocks: [String] = []
        for (group, groupTopics) in selection {
            let present = groupTopics.filter { session.topic($0) != nil }
            let absent = groupTopics.filter { session.topic($0) == nil }
            var header = "\(group)"
            if !absent.isEmpty { header += " (missing topics: \(absent.joined(separator: ", ")))" }
            guard !present.isEmpty else {
                blocks.append(header + "\n  no topics to inspect")
                continue
            }
            let lags: [PartitionLag]
            do {
                lags = try await session.admin.consumerLag(group: group, topics: present, timeout: session.timeout)
            } catch {
                throw CLIError("reading the offsets of group \"\(group)\": \(KafkaErrorText.describe(error))")
            }
            let total = lags.reduce(Int64(0)) { $0 + $1.lag }
            var table = TextTable(["TOPIC", "PARTITION", "COMMITTED", "HIGH", "LAG"], alignments: [.left, .right, .right, .right, .right])
            for lag in lags {
                table.add([lag.topicPartition.topic, String(lag.topicPartition.partition),
                           lag.committed.map(String.init) ?? "-", String(lag.high), String(lag.lag)])
            }
            blocks.append("\(header): total lag \(total)\n" + table.render(indent: "  "))
        }
        Terminal.out(blocks.joined(separator: "\n\n"))
    }

    private func selectedGroups() throws(CLIError) -> [(String, [String])] {
        if groups.isEmpty {
            return PipelineService.allCases.map { ($0.groupID, topics.isEmpty ? $0.consumedTopics : topics) }
        }
        return try groups.map { group throws(CLIError) in
            if !topics.isEmpty { return (group, topics) }
            guard let known = PipelineService.allCases.first(where: { $0.groupID == group })?.consumedTopics else {
                let services = PipelineService.allCases.map(\.groupID).joined(separator: ", ")
                throw CLIError("group \"\(group)\" is not a service group (\(services)): name its topics with --topic")
            }
            return (group, known)
        }
    }
}
