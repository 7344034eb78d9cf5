import Foundation
import Kafka

/// `-e`: where each partition ended when tail started, and which ones still have records to read up to it.
struct TailEnds {
    private(set) var pending: [TopicPartition: Int64] = [:]

    init(_ starts: [TopicPartition: StartOffset], marks: [TopicPartition: (low: Int64, high: Int64)]) {
        for (partition, start) in starts {
            guard let mark = marks[partition], mark.high > mark.low else { continue }
            let hasRecords: Bool
            switch start {
            case .beginning: hasRecords = true
            case .end: hasRecords = false
            case .offset(let offset): hasRecords = offset < mark.high
            case .fromEnd(let count): hasRecords = count > 0
            }
            if hasRecords { pending[partition] = mark.high }
        }
    }

    var reachedAll: Bool { pending.isEmpty }

    mutating func saw(_ message: KafkaMessage) {
        guard let end = pending[message.topicPartition], message.offset >= end - 1 else { return }
        pending[message.topicPartition] = nil
    }
}

/// The follow loop, separate from argument handling.
struct TailFollower {
    enum Output {
        case lines(EventLineFormatter)
        case json
    }

    var reader: TopicReader
    var filter: TailFilter
    var output: Output
    var limit: Int?
    var idleTimeout: Duration?
    var ends: TailEnds?
    /// With `-e`, this much silence also counts as the end: transaction markers take offsets that no
    /// record is returned for, so the last offset before the recorded end may never arrive.
    var endSilence: Duration = .seconds(3)

    /// Returns how many events were printed; ends on the limit, the idle timeout, the end of the
    /// partitions (-e) or an interrupt.
    func run() async throws(CLIError) -> Int {
        let clock = ContinuousClock()
        var shown = 0
        var ends = ends
        var quietSince = clock.now
        while !Interrupt.requested {
            if let ends, ends.reachedAll { return shown }
            let messages = try await reader.poll()
            if !messages.isEmpty { quietSince = clock.now }
            for message in messages {
                ends?.saw(message)
                guard filter.accepts(message) else { continue }
                let view = EventView(message)
                switch output {
                case .lines(let formatter): Terminal.out(formatter.text(view))
                case .json: Terminal.out(EventJSONFormatter.line(view))
                }
                shown += 1
                if let limit, shown >= limit { return shown }
            }
            if let idleTimeout, clock.now - quietSince > idleTimeout { return shown }
            if ends != nil, clock.now - quietSince > endSilence { return shown }
        }
        return shown
    }
}

/// `--since`: an RFC 3339 time, a date (midnight UTC), or an age before now (90s, 15m, 2h, 1d).
enum SinceTime {
    static func parse(_ text: String, now: Date) -> Date? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = text.last.flatMap({ units[$0] }), let amount = Double(text.dropLast()), amount >= 0, amount.isFinite {
            return now.addingTimeInterval(-amount * unit)
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) { return date }
        return nil
    }
}
