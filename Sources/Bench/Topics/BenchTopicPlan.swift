import Foundation
import LocalStack

/// The topics one run needs, every name under the run's prefix so that runs never share a topic (nor
/// meet a deployment's) on a cluster: what the scenarios produce to and read, and the pipeline's own
/// topics as `topics/topics.json` lists them.
public struct BenchTopicPlan: Sendable {
    public var prefix: String
    public var topics: [TopicsFile.Topic]
    /// The pipeline scenario's topics under the prefix; nil when it does not run (or has no topics file).
    public var pipeline: TopicsFile?

    /// The bench's own topics get `options.partitions`; the pipeline's keep those of its topics file.
    public init(prefix: String, options: BenchOptions, pipelineTopics: TopicsFile?) {
        self.prefix = prefix
        let names = BenchTopicNames(prefix: prefix)
        var topics: [TopicsFile.Topic] = []
        func add(_ name: String, _ partitions: Int32) {
            topics.append(TopicsFile.Topic(name: name, partitions: partitions, retentionMs: BenchTopics.retentionMilliseconds))
        }
        if options.runsBaselines {
            add(names.handlerInput, options.partitions)
            add(names.handlerDeadLetters, options.partitions)
            add(names.handlerOutput, options.partitions)
            add(names.rawProduce, options.partitions)
            add(names.rawLatency, BenchTopicNames.latencyPartitions)
        }
        if options.wants("relay") {
            for replicas in RelayStep.replicaCounts {
                for round in 1...max(1, options.relayRounds) { add(names.relay(replicas: replicas, round: round), options.partitions) }
            }
        }
        pipeline = options.wants("pipeline") ? pipelineTopics?.withPrefix(prefix) : nil
        self.topics = topics + (pipeline?.topics ?? [])
    }

    /// The plan of a run started from the current directory: the pipeline's topics from the repository's
    /// topics file, found from here upwards (none when it is not found).
    public static func planned(prefix: String, options: BenchOptions) -> BenchTopicPlan {
        let pipeline = options.wants("pipeline")
            ? TopicsFile.locate(from: [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]).flatMap { try? TopicsFile.load($0) }
            : nil
        return BenchTopicPlan(prefix: prefix, options: options, pipelineTopics: pipeline)
    }

    /// `orderflow-bench-<timestamp>-<4 hex digits>.`: unique per run, and sorted by time in a listing.
    public static func uniquePrefix(stamp: String) -> String {
        "orderflow-bench-\(stamp)-\(String(UInt16.random(in: .min ... .max), radix: 16))."
    }

    /// Kafka's rule for topic names: letters, digits, `.`, `_` and `-`, at most 249 characters.
    public static func problem(withPrefix prefix: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !prefix.isEmpty, prefix.allSatisfy(allowed.contains) else {
            return "a topic prefix may hold only letters, digits, '.', '_' and '-', got \"\(prefix)\""
        }
        guard prefix.count <= longestPrefix else { return "a topic prefix may be at most \(longestPrefix) characters long" }
        return nil
    }

    /// Leaves room for the longest name a run appends (`notifications.dlq`-sized and longer relay names).
    static let longestPrefix = 200

    /// The plan as a topics file (`topics/topics.json`'s shape), for creating the topics ahead of a run
    /// on a cluster where the run may not create them: `orderflow dev broker --topics-file` reads it too.
    public func topicsFileJSON() throws -> Data {
        struct Entry: Encodable {
            var name: String
            var partitions: Int32
            var replicationFactor: Int16?
            var retentionMs: Int64?
            var cleanupPolicy: String?
        }
        struct Document: Encodable { var topics: [Entry] }
        let document = Document(topics: topics.map {
            Entry(name: $0.name, partitions: $0.partitions, replicationFactor: $0.replicationFactor, retentionMs: $0.retentionMs,
                  cleanupPolicy: $0.cleanupPolicy)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }
}

/// Names of the bench's own topics under a run's prefix.
struct BenchTopicNames: Sendable {
    let prefix: String

    var handlerInput: String { prefix + "handler-in" }
    /// Where the handler scenario's consume loop would park what it cannot handle.
    var handlerDeadLetters: String { handlerInput + ".dlq" }
    var handlerOutput: String { prefix + "handler-out" }
    var rawProduce: String { prefix + "raw-produce" }
    var rawLatency: String { prefix + "raw-latency" }
    /// One topic per relay run, so a run's read-back sees only its own rows.
    func relay(replicas: Int, round: Int) -> String { prefix + "relay-\(replicas)x-\(round)" }
    /// A pipeline topic (`orders`, …) under the prefix.
    func pipeline(_ topic: String) -> String { prefix + topic }

    /// Few partitions: each probe record is timed alone, and one consumer reads them all.
    static let latencyPartitions: Int32 = 6
}
