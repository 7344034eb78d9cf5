import ArgumentParser
import Foundation
import Kafka

struct GroupsResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Move a consumer group's committed offsets: to the earliest, the latest, a time or an offset.",
        discussion: """
            Only a group without members can be reset (stop its consumers first): a running member would \
            overwrite the new offsets with its next commit. --dry-run shows the plan and changes nothing. \
            Offsets are clamped to what each partition retains.

            Examples:
              orderflow groups reset audit --topic orders --to-earliest --dry-run
              orderflow groups reset audit --topic orders --to-latest
              orderflow groups reset audit --topic orders --to-datetime 2030-01-02T03:04:05Z
              orderflow groups reset audit --topic orders --partition 1 --to-offset 42
            """)

    @OptionGroup var kafka: KafkaOptions

    @Argument(help: ArgumentHelp("The consumer group.", valueName: "group"))
    var group: String

    @OptionGroup var topicOption: GroupTopicsOption

    @Option(name: .customLong("partition"), parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "Only this partition (repeatable); default: every partition of the topics.", valueName: "n"))
    var partitions: [Int32] = []

    @Flag(name: .customLong("to-earliest"), help: "To the oldest retained record.")
    var toEarliest = false

    @Flag(name: .customLong("to-latest"), help: "To the end: the group skips everything there now.")
    var toLatest = false

    @Option(name: .customLong("to-datetime"), help: ArgumentHelp(
        "To the first record at or after this time (2030-01-02T03:04:05Z, 2030-01-02, or an age: 15m, 2h, 1d).",
        valueName: "time"))
    var toDatetime: String?

    @Option(name: .customLong("to-offset"), parsing: .unconditional, help: ArgumentHelp("To this offset.", valueName: "offset"))
    var toOffset: Int64?

    @Flag(help: "Show the new offsets without committing them.")
    var dryRun = false

    func validate() throws {
        let targets = [toEarliest ? "--to-earliest" : nil, toLatest ? "--to-latest" : nil,
                       toDatetime.map { _ in "--to-datetime" }, toOffset.map { _ in "--to-offset" }].compactMap { $0 }
        guard targets.count == 1 else {
            throw ValidationError(targets.isEmpty
                ? "say where to: --to-earliest, --to-latest, --to-datetime TIME or --to-offset N"
                : "pick one target, not \(targets.joined(separator: " and "))")
        }
        if let toOffset, toOffset < 0 { throw ValidationError("--to-offset must be 0 or more, not \(toOffset)") }
        if let toDatetime, SinceTime.parse(toDatetime, now: Date()) == nil {
            throw ValidationError("--to-datetime \(toDatetime) is not a time (2030-01-02T03:04:05Z, 2030-01-02) or an age (15m, 2h, 1d)")
        }
        if let partition = partitions.first(where: { $0 < 0 }) { throw ValidationError("--partition must be 0 or more, not \(partition)") }
    }

    func run() async throws {
        let session = try await kafka.connect()
        defer { session.close() }
        let described = await GroupInspection.describe(group, session: session)
        if case .success(let description) = described, !description.members.isEmpty {
            throw CLIError(
                "group \"\(group)\" has \(description.members.count) member(s) (\(description.state)): "
                    + "stop its consumers first, a running member would overwrite the reset")
        }
        let topics = topicOption.resolve(group: group, members: [])
        guard !topics.isEmpty else { throw CLIError.usage("name the topics to reset with --topic") }
        let chosen = try choose(session.requireTopics(topics))
        let marks = try await session.watermarks(of: session.requireTopics(topics))
        let current: [TopicPartition: Int64]
        do {
            current = Dictionary(uniqueKeysWithValues: try await session.admin.consumerLag(group: group, topics: topics, timeout: session.timeout)
                .compactMap { lag in lag.committed.map { (lag.topicPartition, $0) } })
        } catch {
            throw CLIError("reading the offsets of group \"\(group)\": \(KafkaErrorText.describe(error))")
        }
        let targets = try await newOffsets(chosen, marks: marks, session: session)
        var table = TextTable(["TOPIC", "PARTITION", "CURRENT", "NEW"], alignments: [.left, .right, .right, .right])
        for partition in chosen {
            table.add([partition.topic, String(partition.partition), current[partition].map(String.init) ?? "-", targets[partition].map(String.init) ?? "-"])
        }
        Terminal.out(table.render())
        if dryRun {
            Terminal.out("dry run: group \"\(group)\" not changed")
            return
        }
        do {
            try await session.admin.commitOffsets(group: group, targets)
        } catch where ["UNKNOWN_MEMBER_ID", "ILLEGAL_GENERATION", "REBALANCE_IN_PROGRESS"].contains(error.name) {
            throw CLIError("the broker refused to reset group \"\(group)\": it is not empty (\(error.name)); stop its consumers first")
        } catch {
            throw CLIError("resetting group \"\(group)\": \(KafkaErrorText.describe(error))")
        }
        Terminal.out("group \"\(group)\" reset on \(targets.count) partition(s)")
    }

    private func choose(_ described: [TopicDescription]) throws(CLIError) -> [TopicPartition] {
        var chosen: [TopicPartition] = []
        for topic in described {
            let wanted = partitions.isEmpty ? topic.partitions : Set(partitions).sorted()
            for partition in wanted {
                guard topic.partitions.contains(partition) else {
                    throw CLIError.usage("\(topic.name) has no partition \(partition) (it has \(topic.partitions.count))")
                }
                chosen.append(TopicPartition(topic: topic.name, partition: partition))
            }
        }
        return chosen
    }

    private func newOffsets(
        _ chosen: [TopicPartition], marks: [TopicPartition: (low: Int64, high: Int64)], session: BrokerSession
    ) async throws(CLIError) -> [TopicPartition: Int64] {
        var byTime: [TopicPartition: Int64?] = [:]
        if let toDatetime, let date = SinceTime.parse(toDatetime, now: Date()) {
            byTime = try await Self.offsets(at: date, of: chosen, session: session)
        }
        var result: [TopicPartition: Int64] = [:]
        for partition in chosen {
            guard let mark = marks[partition] else { continue }
            let wanted: Int64
            if toEarliest {
                wanted = mark.low
            } else if toLatest {
                wanted = mark.high
            } else if let toOffset {
                wanted = toOffset
            } else {
                wanted = (byTime[partition] ?? nil) ?? mark.high
            }
            result[partition] = min(max(wanted, mark.low), mark.high)
        }
        return result
    }

    /// ListOffsets by time, through a consumer that joins nothing.
    private static func offsets(at date: Date, of partitions: [TopicPartition], session: BrokerSession) async throws(CLIError) -> [TopicPartition: Int64?] {
        let configuration = KafkaConsumerConfiguration(
            bootstrapServers: session.bootstrapServers, groupID: "orderflow-cli-lookup-\(UUID().uuidString.prefix(8).lowercased())")
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: configuration, logger: CLILogging.logger("lookup"))
        } catch {
            throw CLIError("finding the offsets of \(TimeText.iso8601(date)): \(KafkaErrorText.describe(error))")
        }
        let found: Result<[TopicPartition: Int64?], KafkaError>
        do {
            found = .success(try await consumer.offsets(at: date, of: partitions, timeout: session.timeout))
        } catch {
            found = .failure(error)
        }
        await consumer.close()
        switch found {
        case .success(let offsets): return offsets
        case .failure(let error): throw CLIError("finding the offsets of \(TimeText.iso8601(date)): \(KafkaErrorText.describe(error))")
        }
    }
}
