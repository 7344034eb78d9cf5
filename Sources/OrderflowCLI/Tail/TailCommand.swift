import ArgumentParser
import Events
import Foundation
import Kafka

struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow topics as readable events, one line each.",
        discussion: """
            Each line shows the event time, topic/partition@offset, type and schema version, subject (the \
            order id), correlation id and the start of the data. Messages that are not events are shown as \
            undecodable, with the reason. Colour is used on a terminal unless NO_COLOR is set. Follows until \
            Ctrl-C, --limit or --timeout.

            Examples:
              orderflow tail orders payments
              orderflow tail orders --from-beginning --type order.cancelled
              orderflow tail order-requests orders payments inventory shipments --correlation-id 6f1c...
              orderflow tail orders --from-beginning --json --limit 100 | jq .event.data
            """)

    @OptionGroup var kafka: KafkaOptions

    @Argument(help: ArgumentHelp("Topics to follow.", valueName: "topic"))
    var topics: [String]

    @Flag(help: "Start at the oldest retained message instead of new ones.")
    var fromBeginning = false

    @Option(name: .customLong("type"), help: ArgumentHelp(
        "Only events of this type (repeatable), e.g. order.placed.", valueName: "type"))
    var types: [String] = []

    @Option(name: .customLong("correlation-id"), help: ArgumentHelp("Only events of this correlation id.", valueName: "id"))
    var correlationID: String?

    @Flag(help: "One JSON object per line (position, headers, event) for piping.")
    var json = false

    @Option(help: ArgumentHelp("Exit after printing this many events.", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp(
        "Exit after this many seconds without a new event (counted once the partitions are assigned).",
        valueName: "seconds"))
    var timeout: Double?

    func validate() throws {
        guard !topics.isEmpty else { throw ValidationError("name at least one topic to tail") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        let session = try await kafka.connect()
        defer { session.close() }
        _ = try session.requireTopics(Array(Set(topics)).sorted())
        let reader = try TopicReader(
            session: session, topics: Array(Set(topics)).sorted(),
            fromBeginning: fromBeginning, purpose: "tail")
        let follower = TailFollower(
            reader: reader, filter: TailFilter(types: Set(types), correlationID: correlationID),
            output: json ? .json : .lines(EventLineFormatter(palette: .forStdout())),
            limit: limit, idleTimeout: timeout.map { .milliseconds(Int64($0 * 1000)) })
        let shown: Int
        do {
            shown = try await follower.run()
        } catch {
            await reader.close()
            throw error
        }
        await reader.close()
        if Interrupt.requested {
            throw CLIError.interrupted("\(shown) event(s) shown")
        }
    }
}

struct TailFilter: Sendable {
    var types: Set<String>
    var correlationID: String?

    /// Decides on the `ce_` headers when they are present; otherwise on the decoded envelope.
    func accepts(_ message: KafkaMessage) -> Bool {
        let headers = EventView.Headers(message)
        if types.isEmpty, correlationID == nil { return true }
        if let type = headers.type, let correlation = headers.correlationID {
            return matches(type: type, correlation: correlation)
        }
        let view = EventView(message)
        return matches(type: view.type, correlation: view.correlationID)
    }

    private func matches(type: String?, correlation: String?) -> Bool {
        if !types.isEmpty, !(type.map(types.contains) ?? false) { return false }
        if let correlationID, correlation != correlationID { return false }
        return true
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

    /// Returns how many events were printed; ends on the limit, the idle timeout or an interrupt.
    func run() async throws(CLIError) -> Int {
        let clock = ContinuousClock()
        var shown = 0
        var quietSince: ContinuousClock.Instant?
        while !Interrupt.requested {
            let messages = try await reader.poll()
            if quietSince == nil, !messages.isEmpty || !reader.assignment.isEmpty { quietSince = clock.now }
            if !messages.isEmpty { quietSince = clock.now }
            for message in messages where filter.accepts(message) {
                let view = EventView(message)
                switch output {
                case .lines(let formatter): Terminal.out(formatter.line(view))
                case .json: Terminal.out(EventJSONFormatter.line(view))
                }
                shown += 1
                if let limit, shown >= limit { return shown }
            }
            if let idleTimeout, let quietSince, clock.now - quietSince > idleTimeout { return shown }
        }
        return shown
    }
}
