import ArgumentParser
import Foundation
import Kafka
import LocalStack

struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create, list and describe topics.",
        discussion: """
            Examples:
              orderflow topics create --file topics/topics.json
              orderflow topics list
              orderflow topics describe orders
            """,
        subcommands: [TopicsCreateCommand.self, TopicsListCommand.self, TopicsDescribeCommand.self])
}

struct TopicsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create every topic of topics.json, dead-letter topics included.",
        discussion: """
            Partitions, replication factor, retention.ms and cleanup.policy come from the file. Topics that \
            already exist are left as they are.

            Examples:
              orderflow topics create
              orderflow topics create --file /app/topics/topics.json --brokers kafka:9092
            """)

    @OptionGroup var kafka: KafkaOptions

    @Option(help: ArgumentHelp("The topics file.", valueName: "path"))
    var file: String = TopicsFile.relativePath

    @Option(name: .customLong("replication-factor"), help: ArgumentHelp(
        "Override the file's replication factor (e.g. 3 on a production cluster).", valueName: "n"))
    var replicationFactor: Int16?

    func validate() throws {
        if let replicationFactor, replicationFactor < 1 { throw ValidationError("--replication-factor must be at least 1") }
    }

    func run() async throws {
        let topicsFile: TopicsFile
        do {
            topicsFile = try TopicsFile.load(URL(fileURLWithPath: file))
        } catch {
            throw CLIError("\(error) (pass --file path/to/topics.json)")
        }
        var specs = topicsFile.topics.map(\.spec)
        if let replicationFactor {
            for index in specs.indices { specs[index].replicationFactor = replicationFactor }
        }
        let session = try await kafka.connect()
        defer { session.close() }
        let existing = Set(session.topics.map(\.name))
        let missing = specs.filter { !existing.contains($0.name) }
        // Nothing to create means no CreateTopics request at all, which also keeps this working against
        // the dev broker from another process (it has no controller to send one to).
        if !missing.isEmpty {
            do {
                try await session.admin.createTopics(missing, timeout: session.timeout)
            } catch where error.isTimeout && error.message.contains("controller") {
                throw CLIError(
                    "the broker at \(session.bootstrapServers) has no controller to create topics with "
                        + "(the dev broker creates its topics itself at 'orderflow dev up'); missing: "
                        + missing.map(\.name).joined(separator: ", "))
            } catch {
                throw CLIError("creating topics from \(topicsFile.url.path): \(KafkaErrorText.describe(error))")
            }
        }
        let after: [TopicDescription]
        do {
            after = try await session.admin.listTopics(timeout: session.timeout)
        } catch {
            throw CLIError("listing topics after creating them: \(KafkaErrorText.describe(error))")
        }
        var table = TextTable(["TOPIC", "PARTITIONS", "STATUS"], alignments: [.left, .right, .left])
        var absent: [String] = []
        for spec in specs {
            let described = after.first { $0.name == spec.name }
            let status: String
            if existing.contains(spec.name) {
                status = "exists"
            } else if described != nil {
                status = "created"
            } else {
                status = "missing"
                absent.append(spec.name)
            }
            table.add([spec.name, described.map { String($0.partitions.count) } ?? String(spec.partitions), status])
        }
        Terminal.out(table.render())
        guard absent.isEmpty else {
            throw CLIError("the broker does not list \(absent.joined(separator: ", ")) after creating them")
        }
    }
}

struct TopicsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List topics with partitions and message counts.",
        discussion: """
            MESSAGES is the sum over partitions of high - low watermark (what is retained); END OFFSETS is the \
            sum of the high watermarks.

            Examples:
              orderflow topics list
              orderflow topics list --brokers localhost:9092
            """)

    @OptionGroup var kafka: KafkaOptions

    func run() async throws {
        let session = try await kafka.connect()
        defer { session.close() }
        let marks = try await session.watermarks(of: session.topics)
        var table = TextTable(["TOPIC", "PARTITIONS", "MESSAGES", "END OFFSETS"], alignments: [.left, .right, .right, .right])
        for topic in session.topics {
            let partitions = topic.partitions.compactMap { marks[TopicPartition(topic: topic.name, partition: $0)] }
            let messages = partitions.reduce(Int64(0)) { $0 + ($1.high - $1.low) }
            let ends = partitions.reduce(Int64(0)) { $0 + $1.high }
            table.add([topic.name, String(topic.partitions.count), String(messages), String(ends)])
        }
        Terminal.out(table.render())
    }
}

struct TopicsDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show a topic's partitions with their low and high watermarks.",
        discussion: """
            Examples:
              orderflow topics describe orders
              orderflow topics describe orders payments.dlq
            """)

    @OptionGroup var kafka: KafkaOptions

    @Argument(help: ArgumentHelp("Topics to describe.", valueName: "topic"))
    var topics: [String]

    func validate() throws {
        guard !topics.isEmpty else { throw ValidationError("name at least one topic to describe") }
    }

    func run() async throws {
        let session = try await kafka.connect()
        defer { session.close() }
        let described = try session.requireTopics(topics)
        let marks = try await session.watermarks(of: described)
        var blocks: [String] = []
        for topic in described {
            var table = TextTable(["PARTITION", "LOW", "HIGH", "MESSAGES"], alignments: [.right, .right, .right, .right])
            var total: Int64 = 0
            for partition in topic.partitions {
                guard let mark = marks[TopicPartition(topic: topic.name, partition: partition)] else { continue }
                total += mark.high - mark.low
                table.add([String(partition), String(mark.low), String(mark.high), String(mark.high - mark.low)])
            }
            blocks.append("\(topic.name): \(topic.partitions.count) partition(s), \(total) message(s)\n" + table.render(indent: "  "))
        }
        Terminal.out(blocks.joined(separator: "\n\n"))
    }
}
