import Kafka
import KafkaDevBroker
import LocalStack
import Synchronization

/// The topics of one run, made before its first scenario and, where the run created them on a cluster,
/// deleted after its last.
///
/// On the in-process dev broker they are created in the broker directly. On a cluster the run asks for
/// them over the wire (CreateTopics) when the cluster offers that; a topic that is there already, made
/// ahead of the run (`orderflow bench --list-topics` prints what to make), is used when it has the
/// planned partitions and holds no record yet, and is left in place afterwards.
final class BenchTopics: Sendable {
    let plan: BenchTopicPlan
    let names: BenchTopicNames
    private let created = Mutex<[String]>([])
    private let cluster: BenchCluster

    /// A topic the run creates on a cluster keeps every record for the length of any run: a day by time,
    /// no limit by size. Deleted at the end, it never holds a day's worth.
    static let retentionMilliseconds: Int64 = 86_400_000

    init(plan: BenchTopicPlan, cluster: BenchCluster) {
        self.plan = plan
        self.names = BenchTopicNames(prefix: plan.prefix)
        self.cluster = cluster
    }

    func provision(admin: KafkaAdmin, timeout: Duration = .seconds(30)) async throws(BenchError) {
        switch cluster.broker {
        case .inProcess(let broker):
            do {
                try broker.createTopics(plan.topics.map(\.spec), timeout: timeout)
            } catch {
                throw BenchError("topics", "creating the run's topics on the dev broker: \(error)")
            }
            created.withLock { $0 = plan.topics.map(\.name) }
        case .external(_, let versions):
            let existing: [String: TopicDescription]
            do {
                existing = Dictionary(uniqueKeysWithValues: try await admin.listTopics(timeout: timeout).map { ($0.name, $0) })
            } catch {
                throw BenchError("topics", "listing the cluster's topics: \(error)")
            }
            try await checkReady(plan.topics.filter { existing[$0.name] != nil }, existing: existing, admin: admin)
            let missing = plan.topics.filter { existing[$0.name] == nil }
            guard !missing.isEmpty else { return }
            if let versions, !versions.supports(.createTopics) {
                throw BenchError("topics", """
                    the cluster offers no CreateTopics API (its brokers' ApiVersions answers lack it), and \(missing.count) of \
                    the run's \(plan.topics.count) topics do not exist (first: \(missing[0].name)); create them ahead of the run \
                    (`orderflow bench --list-topics --topic-prefix \(plan.prefix)` prints them) and run with that --topic-prefix
                    """)
            }
            do {
                try await admin.createTopics(missing.map { Self.kept($0.spec) }, timeout: timeout)
                created.withLock { $0 = missing.map(\.name) }
            } catch {
                // Some may have been created before the refusal: those are the run's to delete.
                let now = Set(((try? await admin.listTopics(timeout: timeout)) ?? []).map(\.name))
                created.withLock { $0 = missing.map(\.name).filter(now.contains) }
                throw BenchError("topics", """
                    the cluster refused to create the run's topics (\(error.name): \(error.message)); create them ahead of the \
                    run (`orderflow bench --list-topics --topic-prefix \(plan.prefix)` prints them) and run with that \
                    --topic-prefix, or allow this client CreateTopics
                    """)
            }
        }
    }

    /// Settings that keep every record of the run: a record the broker drops would make a figure a lie.
    private static func kept(_ spec: TopicSpec) -> TopicSpec {
        var spec = spec
        spec.configs["retention.bytes"] = "-1"
        let floor = retentionMilliseconds
        if let time = spec.configs["retention.ms"].flatMap(Int64.init), time >= floor { return spec }
        spec.configs["retention.ms"] = String(floor)
        return spec
    }

    /// Topics made ahead of the run must be as planned and unused: another run's records would be read as this run's.
    private func checkReady(_ topics: [TopicsFile.Topic], existing: [String: TopicDescription], admin: KafkaAdmin) async throws(BenchError) {
        for topic in topics {
            guard let found = existing[topic.name] else { continue }
            guard found.partitions.count == Int(topic.partitions) else {
                throw BenchError("topics", """
                    \(topic.name) exists with \(found.partitions.count) partitions, the run needs \(topic.partitions); delete it or \
                    run under another --topic-prefix
                    """)
            }
            for partition in found.partitions {
                let marks: (low: Int64, high: Int64)
                do {
                    marks = try await admin.watermarks(TopicPartition(topic: topic.name, partition: partition))
                } catch {
                    throw BenchError("topics", "reading the offsets of \(topic.name): \(error)")
                }
                guard marks.high == 0 else {
                    throw BenchError("topics", "\(topic.name) already holds records (another run's?); run under a fresh --topic-prefix")
                }
            }
        }
    }

    /// Whether the broker may drop records of `topic` during the run: the dev broker keeps only about
    /// 5 MB per partition, and a topic made ahead of the run keeps what its maker chose. A topic the run
    /// created on a cluster keeps everything (`kept`), so checking it proves nothing.
    func mayDropRecords(_ topic: String) -> Bool {
        switch cluster.broker {
        case .inProcess: true
        case .external: !created.withLock { $0.contains(topic) }
        }
    }

    /// Deletes the topics the run created on a cluster; returns what the report should say about the
    /// topics, nil when there is nothing to say (the dev broker's go with it).
    func cleanUp(admin: KafkaAdmin, timeout: Duration = .seconds(60)) async -> String? {
        guard case .external = cluster.broker else { return nil }
        let names = created.withLock { $0 }
        let kept = plan.topics.count - names.count
        let keptNote = kept > 0 ? "; \(kept) made ahead of the run, left in place" : ""
        guard !names.isEmpty else { return "topics \(plan.prefix)*: all \(plan.topics.count) made ahead of the run, left in place" }
        do {
            try await admin.deleteTopics(names, timeout: timeout)
            return "topics \(plan.prefix)*: \(names.count) created by the run and deleted\(keptNote)"
        } catch {
            return "topics \(plan.prefix)*: \(names.count) created by the run could NOT be deleted (\(error.name): \(error.message)); "
                + "delete them by hand\(keptNote)"
        }
    }
}
