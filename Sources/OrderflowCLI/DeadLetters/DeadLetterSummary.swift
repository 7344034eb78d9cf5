import Foundation
import Streaming

/// Dead letters counted per error class: what `dlq summary` prints and what a filter that matches
/// nothing points to instead.
enum DeadLetterSummary {
    struct Row {
        var errorClass: String
        var count: Int
        var originalTopics: [String]
        var groups: [String]
        var oldest: Date?
        var newest: Date?
    }

    /// Most frequent first, then by name; a letter without the header counts under `-`.
    static func countsByErrorClass(_ entries: [DeadLetterRecord]) -> [Row] {
        var rows: [String: Row] = [:]
        for entry in entries {
            let errorClass = entry.recordedErrorClass ?? "-"
            var row = rows[errorClass] ?? Row(errorClass: errorClass, count: 0, originalTopics: [], groups: [])
            row.count += 1
            if let topic = entry.recordedOriginalTopic, !row.originalTopics.contains(topic) { row.originalTopics.append(topic) }
            if let group = entry.consumerGroup, !row.groups.contains(group) { row.groups.append(group) }
            if let failed = entry.failedAt ?? entry.message.timestamp {
                row.oldest = min(row.oldest ?? failed, failed)
                row.newest = max(row.newest ?? failed, failed)
            }
            rows[errorClass] = row
        }
        return rows.values.sorted { ($0.count, $1.errorClass) > ($1.count, $0.errorClass) }
    }
}
