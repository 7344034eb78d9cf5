import ArgumentParser
import Streaming

/// `--filter NAME=VALUE` for dead letters. Several filters must all match.
struct DeadLetterFilter: ExpressibleByArgument, Sendable, CustomStringConvertible {
    enum Field: String, CaseIterable, Sendable {
        case errorClass = "error-class"
        /// The dead letter's own offset (as `dlq list` shows it).
        case offset
        case partition
        case originalOffset = "original-offset"
        case originalPartition = "original-partition"
        case group
        case type
        case key
    }

    var field: Field
    var value: String

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let field = Field(rawValue: parts[0]), !parts[1].isEmpty else { return nil }
        if [.offset, .partition, .originalOffset, .originalPartition].contains(field), Int64(parts[1]) == nil { return nil }
        self.field = field
        self.value = parts[1]
    }

    static var allValueStrings: [String] { Field.allCases.map { "\($0.rawValue)=..." } }

    var description: String { "\(field.rawValue)=\(value)" }

    func matches(_ entry: DeadLetterRecord) -> Bool {
        switch field {
        case .errorClass: entry.recordedErrorClass == value
        case .offset: String(entry.message.offset) == value
        case .partition: String(entry.message.partition) == value
        case .originalOffset: entry.originalOffset.map(String.init) == value
        case .originalPartition: entry.originalPartition.map(String.init) == value
        case .group: entry.consumerGroup == value
        case .type: entry.eventType == value
        case .key: entry.message.key.map { String(decoding: $0, as: UTF8.self) } == value
        }
    }
}
