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
              orderflow topics list --json
            """)

    @OptionGroup var kafka: KafkaOptions

    @Flag(help: "One JSON object: every topic with its partitions' low and high watermarks.")
    var json = false

    func run() async throws {
        let session = try await kafka.connect()
        defer { session.close() }
        let marks = try await session.watermarks(of: session.topics)
        if json {
            Terminal.out(JSONValue.line(["topics": session.topics.map { TopicJSON.object($0, marks: marks) }]))
            return
        }
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
        abstract: "Show a topic's partitions (leader, replicas, in-sync replicas, offsets) and configuration.",
        discussion: """
            Per partition: the leader's broker id, the replicas and in-sync replicas (ISR), the low and \
            high watermarks and the messages between them. Then the topic's configuration entries that \
            are set on the topic (--all-configs adds the broker defaults); a broker that does not answer \
            DescribeConfigs (the dev broker) is said to.

            Examples:
              orderflow topics describe orders
              orderflow topics describe orders payments.dlq --all-configs
              orderflow topics describe orders --json
            """)

    @OptionGroup var kafka: KafkaOptions

    @Argument(help: ArgumentHelp("Topics to describe.", valueName: "topic"))
    var topics: [String]

    @Flag(name: .customLong("all-configs"), help: "Also list configuration entries left at the broker's default.")
    var allConfigs = false

    @Flag(help: "One JSON object with every described topic.")
    var json = false

    func validate() throws {
        guard !topics.isEmpty else { throw ValidationError("name at least one topic to describe") }
    }

    func run() async throws {
        let session = try await kafka.connect()
        defer { session.close() }
        let described = try session.requireTopics(topics)
        let marks = try await session.watermarks(of: described)
        var blocks: [String] = []
        var objects: [[String: Any]] = []
        for topic in described {
            let layout: TopicLayout
            do {
                layout = try await session.admin.layout(of: topic.name, timeout: session.timeout)
            } catch {
                throw CLIError("describing \(topic.name): \(KafkaErrorText.describe(error))")
            }
            let configs: Result<[TopicConfigEntry], KafkaError>
            do {
                configs = .success(try await session.admin.configs(of: topic.name, timeout: session.timeout))
            } catch {
                configs = .failure(error)
            }
            let shownConfigs = configs.map { entries in allConfigs ? entries : entries.filter { !$0.isDefault } }
            if json {
                var object = TopicJSON.object(topic, marks: marks, layout: layout)
                switch shownConfigs {
                case .success(let entries):
                    object["configs"] = Dictionary(entries.map { ($0.name, $0.value.map { $0 as Any } ?? NSNull()) }, uniquingKeysWith: { a, _ in a })
                case .failure(let error):
                    object["configs"] = NSNull()
                    object["configsError"] = KafkaErrorText.brief(error)
                }
                objects.append(object)
                continue
            }
            blocks.append(render(topic, layout: layout, marks: marks, configs: shownConfigs))
        }
        Terminal.out(json ? JSONValue.line(["topics": objects]) : blocks.joined(separator: "\n\n"))
    }

    private func render(
        _ topic: TopicDescription, layout: TopicLayout, marks: [TopicPartition: (low: Int64, high: Int64)],
        configs: Result<[TopicConfigEntry], KafkaError>
    ) -> String {
        var table = TextTable(
            ["PARTITION", "LEADER", "REPLICAS", "ISR", "LOW", "HIGH", "MESSAGES"],
            alignments: [.right, .right, .left, .left, .right, .right, .right])
        var total: Int64 = 0
        for partition in layout.partitions {
            let mark = marks[TopicPartition(topic: topic.name, partition: partition.id)]
            total += mark.map { $0.high - $0.low } ?? 0
            table.add([
                String(partition.id), partition.leader < 0 ? "none" : String(partition.leader),
                partition.replicas.map(String.init).joined(separator: ","),
                partition.inSyncReplicas.map(String.init).joined(separator: ","),
                mark.map { String($0.low) } ?? "-", mark.map { String($0.high) } ?? "-",
                mark.map { String($0.high - $0.low) } ?? "-",
            ])
        }
        var lines = ["\(topic.name): \(layout.partitions.count) partition(s), \(total) message(s)", table.render(indent: "  ")]
        switch configs {
        case .success(let entries) where entries.isEmpty:
            lines.append("  configs: none set on the topic\(allConfigs ? "" : " (--all-configs lists the defaults)")")
        case .success(let entries):
            lines.append("  configs:")
            for entry in entries {
                lines.append("    \(entry.name)=\(entry.value ?? "(sensitive)")\(entry.isDefault ? "  (default)" : "")")
            }
        case .failure(let error):
            lines.append("  configs: not available (\(KafkaErrorText.brief(error)))")
        }
        return lines.joined(separator: "\n")
    }
}

/// Topics as JSON for `topics list --json` and `topics describe --json`.
enum TopicJSON {
    static func object(
        _ topic: TopicDescription, marks: [TopicPartition: (low: Int64, high: Int64)], layout: TopicLayout? = nil
    ) -> [String: Any] {
        let partitions = topic.partitions.map { id -> [String: Any] in
            let mark = marks[TopicPartition(topic: topic.name, partition: id)]
            var object: [String: Any] = [
                "partition": Int(id), "low": mark.map { $0.low as Any } ?? NSNull(), "high": mark.map { $0.high as Any } ?? NSNull(),
                "messages": mark.map { ($0.high - $0.low) as Any } ?? NSNull(),
            ]
            if let detail = layout?.partitions.first(where: { $0.id == id }) {
                object["leader"] = Int(detail.leader)
                object["replicas"] = detail.replicas.map(Int.init)
                object["isr"] = detail.inSyncReplicas.map(Int.init)
            }
            return object
        }
        let messages = partitions.compactMap { $0["messages"] as? Int64 }.reduce(0, +)
        return ["name": topic.name, "partitions": partitions, "messages": messages]
    }
}
