import Events
import Foundation
import Kafka
import Streaming

/// Reasons to ask before replaying a dead letter: it is not JSON, so the consumer that parked it would
/// park it again; or its replay mark (`dlq_replayed_from`) is already on the topic it goes back to.
struct ReplayDoubts {
    private var reasons: [String: String] = [:]
    private var order: [String] = []

    var isEmpty: Bool { reasons.isEmpty }
    var count: Int { reasons.count }

    func reason(for entry: DeadLetterRecord) -> String? { reasons[entry.location] }

    var lines: [String] { order.compactMap { location in reasons[location].map { "\(location): \($0)" } } }

    private mutating func add(_ entry: DeadLetterRecord, _ reason: String) {
        if reasons[entry.location] == nil { order.append(entry.location) }
        reasons[entry.location] = [reasons[entry.location], reason].compactMap { $0 }.joined(separator: "; ")
    }

    static func find(_ planned: [(DeadLetterRecord, KafkaRecord)], session: BrokerSession) async throws(CLIError) -> ReplayDoubts {
        var doubts = ReplayDoubts()
        for (entry, _) in planned where isNotJSON(entry) {
            doubts.add(entry, "not JSON: replaying it only makes a new dead letter")
        }
        let marks = try await replayMarks(on: Set(planned.map { $0.1.topic }).sorted(), session: session)
        for (entry, record) in planned {
            if let previous = marks[entry.location] {
                doubts.add(entry, "already replayed to \(record.topic) (\(previous))")
            }
        }
        return doubts
    }

    private static func isNotJSON(_ entry: DeadLetterRecord) -> Bool {
        if entry.recordedErrorClass == EventDecodingError.notJSON("").errorClass { return true }
        do {
            _ = try EventRegistry.standard.decode(entry.message.value ?? [])
            return false
        } catch {
            return error.errorClass == EventDecodingError.notJSON("").errorClass
        }
    }

    /// `dlq_replayed_from` of every record now on the topics, with where that record sits.
    private static func replayMarks(on topics: [String], session: BrokerSession) async throws(CLIError) -> [String: String] {
        let described = try session.requireTopics(topics)
        var marks: [String: String] = [:]
        try await BoundedRead(session: session, topics: described, purpose: "replay-check").run { message in
            if let mark = message.headers.string(named: DeadLetterHeaders.replayedFrom) {
                marks[mark] = "\(message.topic)/\(message.partition)@\(message.offset)"
            }
        }
        return marks
    }
}

/// A yes/no question on the terminal; without one (a script, CI) the answer is no.
enum ReplayConfirmation {
    static func ask(_ question: String) -> Bool {
        guard isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 else { return false }
        Terminal.errRaw("\(question) [y/N] ")
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
