import Foundation
import Kafka

/// One consumer group's lag on its topics, and whether the cluster knows the group at all.
struct GroupLagReport {
    var group: String
    var topics: [String]
    var missingTopics: [String]
    var lags: [PartitionLag]
    /// Nothing committed on any of its partitions and no members: a name the cluster has never seen
    /// (or a group whose offsets expired), not a group with nothing left to do.
    var isUnknown: Bool

    var totalLag: Int64 { lags.reduce(0) { $0 + $1.lag } }

    static func read(group: String, topics: [String], session: BrokerSession) async throws(CLIError) -> GroupLagReport {
        let present = topics.filter { session.topic($0) != nil }
        let absent = topics.filter { session.topic($0) == nil }
        var lags: [PartitionLag] = []
        if !present.isEmpty {
            do {
                lags = try await session.admin.consumerLag(group: group, topics: present, timeout: session.timeout)
            } catch {
                throw CLIError("reading the offsets of group \"\(group)\": \(KafkaErrorText.describe(error))")
            }
        }
        var unknown = false
        if !lags.isEmpty, lags.allSatisfy({ $0.committed == nil }) {
            unknown = !(await hasMembers(group, session: session))
        }
        return GroupLagReport(group: group, topics: present, missingTopics: absent, lags: lags, isUnknown: unknown)
    }

    /// Whether the group's coordinator lists members for it. A broker without DescribeGroups (the dev
    /// broker) cannot say: then only committed offsets tell that a group exists.
    private static func hasMembers(_ group: String, session: BrokerSession) async -> Bool {
        guard let described = try? await session.admin.describeGroups([group], timeout: session.timeout).first else { return false }
        return !described.isDead && !described.members.isEmpty
    }

    var text: String {
        var header = group
        if !missingTopics.isEmpty { header += " (missing topics: \(missingTopics.joined(separator: ", ")))" }
        guard !lags.isEmpty else { return header + "\n  no topics to inspect" }
        if isUnknown {
            return header + ": unknown group (no offsets committed on \(topics.joined(separator: ", ")), no members)"
        }
        var table = TextTable(["TOPIC", "PARTITION", "COMMITTED", "HIGH", "LAG"], alignments: [.left, .right, .right, .right, .right])
        for lag in lags {
            table.add([lag.topicPartition.topic, String(lag.topicPartition.partition),
                       lag.committed.map(String.init) ?? "-", String(lag.high), String(lag.lag)])
        }
        return "\(header): total lag \(totalLag)\n" + table.render(indent: "  ")
    }

    var jsonObject: [String: Any] {
        [
            "group": group,
            "known": !isUnknown,
            "totalLag": totalLag,
            "missingTopics": missingTopics,
            "partitions": lags.map { lag -> [String: Any] in
                [
                    "topic": lag.topicPartition.topic, "partition": Int(lag.topicPartition.partition),
                    "committed": lag.committed.map { $0 as Any } ?? NSNull(), "low": lag.low, "high": lag.high, "lag": lag.lag,
                ]
            },
        ]
    }
}
