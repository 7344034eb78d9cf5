import Foundation
import Kafka

/// `topics/topics.json`: every topic of the pipeline with its partitions and settings.
public struct TopicsFile: Sendable {
    public struct Topic: Sendable, Decodable, Hashable {
        public var name: String
        public var partitions: Int32
        public var replicationFactor: Int16?
        public var retentionMs: Int64?
        public var cleanupPolicy: String?
        public var deadLetterTopic: String?

        /// A topic the file does not list (a tool's own); unset settings keep the broker's defaults.
        public init(
            name: String, partitions: Int32, replicationFactor: Int16? = nil, retentionMs: Int64? = nil, cleanupPolicy: String? = nil,
            deadLetterTopic: String? = nil
        ) {
            self.name = name
            self.partitions = partitions
            self.replicationFactor = replicationFactor
            self.retentionMs = retentionMs
            self.cleanupPolicy = cleanupPolicy
            self.deadLetterTopic = deadLetterTopic
        }

        public var isDeadLetterTopic: Bool { name.hasSuffix(".dlq") }

        /// What the admin client creates; settings left out of the file keep the broker's defaults.
        public var spec: TopicSpec {
            var configs: [String: String] = [:]
            if let retentionMs { configs["retention.ms"] = String(retentionMs) }
            if let cleanupPolicy { configs["cleanup.policy"] = cleanupPolicy }
            return TopicSpec(name: name, partitions: partitions, replicationFactor: replicationFactor ?? 1, configs: configs)
        }
    }

    public var url: URL
    public var topics: [Topic]

    private struct Document: Decodable { var topics: [Topic] }

    public static let relativePath = "topics/topics.json"

    public init(url: URL, topics: [Topic]) {
        self.url = url
        self.topics = topics
    }

    public static func load(_ url: URL) throws(TopicsFileError) -> TopicsFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, problem: error.localizedDescription)
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw .malformed(path: url.path, problem: "\(error)")
        }
        guard !document.topics.isEmpty else { throw .malformed(path: url.path, problem: "lists no topics") }
        for topic in document.topics where topic.partitions < 1 || topic.name.isEmpty {
            throw .malformed(path: url.path, problem: "topic \"\(topic.name)\" needs a name and at least one partition")
        }
        return TopicsFile(url: url, topics: document.topics)
    }

    /// `topics/topics.json` in one of the directories or any of their ancestors (the first found):
    /// the repository, whether we run from its root, a subdirectory, or its build directory.
    public static func locate(from directories: [URL]) -> URL? {
        for start in directories {
            var directory = start.standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent(relativePath)
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }

    /// With `partitions`, every topic except the dead-letter topics gets that many partitions.
    public func withPartitions(_ partitions: Int32?) -> TopicsFile {
        guard let partitions else { return self }
        var copy = self
        copy.topics = topics.map { topic in
            var topic = topic
            if !topic.isDeadLetterTopic { topic.partitions = partitions }
            return topic
        }
        return copy
    }

    /// Every topic renamed to `prefix` + its name, its dead-letter topic too: the pipeline's topics for a
    /// stack that shares a cluster with others (its processes run with that `TOPIC_PREFIX`).
    public func withPrefix(_ prefix: String) -> TopicsFile {
        var copy = self
        copy.topics = topics.map { topic in
            var topic = topic
            topic.name = prefix + topic.name
            topic.deadLetterTopic = topic.deadLetterTopic.map { prefix + $0 }
            return topic
        }
        return copy
    }

    /// Creates every topic that does not exist yet with `creator`, or with the admin API at `bootstrapServers`.
    public func create(
        on creator: (any TopicCreating)? = nil, bootstrapServers: String, security: KafkaSecurity = KafkaSecurity(),
        timeout: Duration = .seconds(30)
    ) async throws(KafkaError) {
        if let creator {
            try await creator.createTopics(topics.map(\.spec), timeout: timeout)
            return
        }
        let admin = try KafkaAdmin(bootstrapServers: bootstrapServers, security: security, logger: QuietLogger.make("orderflow.topics"))
        defer { admin.close() }
        try await admin.createTopics(topics.map(\.spec), timeout: timeout)
    }
}

public enum TopicsFileError: Error, Sendable, CustomStringConvertible {
    case notFound(searched: [String])
    case unreadable(path: String, problem: String)
    case malformed(path: String, problem: String)

    public var description: String {
        switch self {
        case .notFound(let searched):
            "\(TopicsFile.relativePath) not found (looked in \(searched.joined(separator: ", ")) and their parents); run from the repository or pass its path"
        case .unreadable(let path, let problem): "cannot read \(path): \(problem)"
        case .malformed(let path, let problem): "\(path) is not a valid topics file: \(problem)"
        }
    }
}
