import ArgumentParser
import Foundation
import Kafka
import LocalStack

struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "List, describe and reset consumer groups.",
        discussion: """
            Examples:
              orderflow groups list
              orderflow groups describe payment-service
              orderflow groups reset audit --topic orders --to-earliest --dry-run
            """,
        subcommands: [GroupsListCommand.self, GroupsDescribeCommand.self, GroupsResetCommand.self])
}

/// The topics a group's offsets are read on: --topic, else a service group's own topics, else what
/// its members are assigned.
struct GroupTopicsOption: ParsableArguments {
    @Option(name: .customLong("topic"), help: ArgumentHelp(
        "Topics (repeatable); default: a service group's topics, else its members' assignment.", valueName: "topic"))
    var topics: [String] = []

    func resolve(group: String, members: [ConsumerGroupDescription.Member]) -> [String] {
        if !topics.isEmpty { return topics }
        if let service = PipelineService.allCases.first(where: { $0.groupID == group }) { return service.consumedTopics }
        return Set(members.flatMap { $0.assignment.map(\.topic) }).sorted()
    }
}

/// What a broker that does not describe groups (the dev broker) makes of a group: nil members.
enum GroupInspection {
    static func describe(_ group: String, session: BrokerSession) async -> Result<ConsumerGroupDescription, KafkaError> {
        do {
            guard let description = try await session.admin.describeGroups([group], timeout: session.timeout).first else {
                return .success(ConsumerGroupDescription(groupID: group, state: "Dead", assignor: "", members: []))
            }
            return .success(description)
        } catch {
            return .failure(error)
        }
    }
}

struct GroupsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the consumer groups the brokers know, with their state.",
        discussion: """
            Examples:
              orderflow groups list
              orderflow groups list --json
            """)

    @OptionGroup var kafka: KafkaOptions

    @Flag(help: "One JSON object with every group and its state.")
    var json = false

    func run() async throws {
        let session = try await kafka.connect()
        defer { session.close() }
        let groups: [(groupID: String, state: String)]
        do {
            groups = try await session.admin.listGroups(timeout: session.timeout)
        } catch {
            throw CLIError(
                "cannot list consumer groups: \(KafkaErrorText.brief(error)) "
                    + "('orderflow groups describe NAME --topic TOPIC' still reads one group's offsets)")
        }
        if json {
            Terminal.out(JSONValue.line(["groups": groups.map { ["group": $0.groupID, "state": $0.state] }]))
            return
        }
        var table = TextTable(["GROUP", "STATE"])
        for group in groups { table.add([group.groupID, group.state]) }
        Terminal.out(table.render())
        Terminal.out("\(groups.count) group(s)")
    }
}

struct GroupsDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show a group's state, members (client id, host, assignment) and lag per partition.",
        discussion: """
            A broker that does not describe groups (the dev broker) still shows the committed offsets \
            and lag, with a line saying members are not available from it.

            Examples:
              orderflow groups describe payment-service
              orderflow groups describe audit --topic orders
            """)

    @OptionGroup var kafka: KafkaOptions

    @Argument(help: ArgumentHelp("The consumer group.", valueName: "group"))
    var group: String

    @OptionGroup var topicOption: GroupTopicsOption

    func run() async throws {
        let session = try await kafka.connect()
        defer { session.close() }
        let described = await GroupInspection.describe(group, session: session)
        let members = (try? described.get().members) ?? []
        let topics = topicOption.resolve(group: group, members: members)
        var lines: [String] = []
        switch described {
        case .success(let description):
            lines.append("\(group): \(description.state), \(description.members.count) member(s)"
                + (description.assignor.isEmpty ? "" : ", assignor \(description.assignor)"))
            if !description.members.isEmpty {
                var table = TextTable(["MEMBER", "CLIENT ID", "HOST", "ASSIGNMENT"])
                for member in description.members {
                    table.add([member.memberID, member.clientID, member.host, Self.assignment(member.assignment)])
                }
                lines.append(table.render(indent: "  "))
            }
        case .failure(let error):
            lines.append("\(group): members not available (\(KafkaErrorText.brief(error)))")
        }
        guard !topics.isEmpty else {
            if (try? described.get())?.isDead ?? true {
                throw CLIError("unknown consumer group \"\(group)\": no members; name its topics with --topic to read its offsets")
            }
            Terminal.out(lines.joined(separator: "\n"))
            return
        }
        let report = try await GroupLagReport.read(group: group, topics: topics, session: session)
        if report.isUnknown { throw CLIError("unknown consumer group \"\(group)\": no offsets committed on \(topics.joined(separator: ", ")) and no members") }
        lines.append(report.text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        Terminal.out(lines.joined(separator: "\n"))
    }

    /// `orders[0,2] payments[1]`
    static func assignment(_ partitions: [TopicPartition]) -> String {
        guard !partitions.isEmpty else { return "-" }
        let byTopic = Dictionary(grouping: partitions, by: \.topic)
        return byTopic.keys.sorted().map { topic in
            "\(topic)[\((byTopic[topic] ?? []).map { String($0.partition) }.joined(separator: ","))]"
        }.joined(separator: " ")
    }
}
