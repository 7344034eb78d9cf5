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
              orderflow lag --group audit --topic orders --topic payments
              orderflow lag --json
            """)

    @OptionGroup var kafka: KafkaOptions

    @Option(name: .customLong("group"), help: ArgumentHelp("Consumer group (repeatable).", valueName: "group"))
    var groups: [String] = []

    @Option(name: .customLong("topic"), help: ArgumentHelp(
        "Topics to inspect (repeatable); needed for groups that are not one of the services.", valueName: "topic"))
    var topics: [String] = []

    @Flag(help: "One JSON object with every group's partitions, committed offsets and lag.")
    var json = false

    func run() async throws {
        let selection = try selectedGroups()
        let session = try await kafka.connect()
        defer { session.close() }
        var reports: [GroupLagReport] = []
        for (group, groupTopics) in selection {
            reports.append(try await GroupLagReport.read(group: group, topics: groupTopics, session: session))
        }
        // A group named on the command line that the cluster does not know is a mistake worth an error
        // (a typo reads as "total lag 0" otherwise); the default list only says so.
        let unknown = reports.filter(\.isUnknown).map(\.group)
        if !groups.isEmpty, !unknown.isEmpty {
            let names = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
            let topics = Set(reports.filter(\.isUnknown).flatMap(\.topics)).sorted().joined(separator: ", ")
            throw CLIError("unknown consumer group \(names): no offsets committed on \(topics) and no members (check the name; 'orderflow groups list' shows the groups the brokers know)")
        }
        if json {
            Terminal.out(JSONValue.line(["groups": reports.map(\.jsonObject)]))
        } else {
            Terminal.out(reports.map(\.text).joined(separator: "\n\n"))
        }
    }

    private func selectedGroups() throws(CLIError) -> [(String, [String])] {
        if groups.isEmpty {
            return PipelineService.allCases.map { ($0.groupID, topics.isEmpty ? $0.consumedTopics : topics) }
        }
        return try groups.map { group throws(CLIError) in
            if !topics.isEmpty { return (group, topics) }
            guard let known = PipelineService.allCases.first(where: { $0.groupID == group })?.consumedTopics else {
                let services = PipelineService.allCases.map(\.groupID).joined(separator: ", ")
                throw CLIError.usage("group \"\(group)\" is not a service group (\(services)): name its topics with --topic")
            }
            return (group, known)
        }
    }
}
