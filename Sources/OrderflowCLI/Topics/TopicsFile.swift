import Foundation
import Kafka

/// `topics/topics.json`: the topics to create, their partitions and configs.
struct TopicsFile: Sendable {
    struct Entry: Decodable, Sendable {
        var name: String
        var partitions: Int32
        var replicationFactor: Int16?
        var retentionMs: Int64?
        var cleanupPolicy: String?
        var deadLetterTopic: String?
        var consumers: [String]?
    }

    private struct Document: Decodable {
        var topics: [Entry]
    }

    static let defaultPath = "topics/topics.json"

    var path: String
    var entries: [Entry]

    static func load(_ path: String) throws(CLIError) -> TopicsFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("cannot read \(path): \(error.localizedDescription) (pass --file path/to/topics.json)")
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw CLIError("\(path) is not a valid topics file: \(describe(error))")
        }
        for entry in document.topics {
            guard !entry.name.isEmpty else { throw CLIError("\(path): a topic has an empty name") }
            guard entry.partitions >= 1 else {
                throw CLIError("\(path): topic \"\(entry.name)\" needs at least 1 partition, has \(entry.partitions)")
            }
        }
        return TopicsFile(path: path, entries: document.topics)
    }

    /// The entries as topic specs; a dead-letter topic named by an entry but not listed itself is added with
    /// one partition and the entry's retention.
    var specs: [TopicSpec] {
        var specs = entries.map(Self.spec)
        let listed = Set(entries.map(\.name))
        for entry in entries {
            guard let dlq = entry.deadLetterTopic, !dlq.isEmpty, !listed.contains(dlq),
                  !specs.contains(where: { $0.name == dlq })
            else { continue }
            var dead = entry
            dead.name = dlq
            dead.partitions = 1
            dead.deadLetterTopic = nil
            specs.append(Self.spec(dead))
        }
        return specs
    }

    private static func spec(_ entry: Entry) -> TopicSpec {
        var configs: [String: String] = [:]
        if let retention = entry.retentionMs { configs["retention.ms"] = String(retention) }
        if let policy = entry.cleanupPolicy { configs["cleanup.policy"] = policy }
        return TopicSpec(
            name: entry.name, partitions: entry.partitions, replicationFactor: entry.replicationFactor ?? 1,
            configs: configs)
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .dataCorrupted(let context):
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}
