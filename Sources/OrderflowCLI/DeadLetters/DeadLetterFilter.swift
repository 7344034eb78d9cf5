import ArgumentParser
import Streaming

/// `--filter NAME=VALUE` for dead letters. Several filters must all match.
struct DeadLetterFilter: Sendable, CustomStringConvertible {
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

        var isNumeric: Bool { [.offset, .partition, .originalOffset, .originalPartition].contains(self) }
    }

    var field: Field
    var value: String

    /// Parses `name=value`; the error says what is wrong with it (unknown name, missing value, not a number).
    init(parsing argument: String) throws(ValidationError) {
        let names = Field.allCases.map(\.rawValue).joined(separator: ", ")
        let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else {
            throw ValidationError("--filter \(argument): expected name=value, where name is one of \(names)")
        }
        guard let field = Field(rawValue: parts[0]) else {
            throw ValidationError("--filter \(argument): unknown filter \"\(parts[0])\" (one of \(names))")
        }
        guard !parts[1].isEmpty else { throw ValidationError("--filter \(argument): the value is empty") }
        if field.isNumeric {
            guard let number = Int64(parts[1]), number >= 0 else {
                throw ValidationError("--filter \(argument): \(field.rawValue) needs a whole number (0 or more), not \"\(parts[1])\"")
            }
        }
        self.field = field
        self.value = parts[1]
    }

    var description: String { "\(field.rawValue)=\(value)" }

    func matches(_ entry: DeadLetterRecord) -> Bool {
        switch field {
        case .errorClass: entry.recordedErrorClass == value
        case .offset: entry.message.offset == Int64(value)
        case .partition: Int64(entry.message.partition) == Int64(value)
        case .originalOffset: entry.originalOffset == Int64(value)
        case .originalPartition: entry.originalPartition.map { Int64($0) } == Int64(value)
        case .group: entry.consumerGroup == value
        case .type: entry.eventType == value
        case .key: entry.message.key.map { String(decoding: $0, as: UTF8.self) } == value
        }
    }
}
