import ArgumentParser
import Events
import Foundation
import Kafka

struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow topics as readable events, one line each.",
        discussion: """
            Each line shows the date and time of the event, topic/partition@offset, type and schema \
            version, subject (the order id), correlation id and the start of the data (--full prints the \
            whole value under it). Messages that are not events are shown as undecodable, with the reason. \
            Colour is used on a terminal unless NO_COLOR is set.

            Starts at new records unless told otherwise (--from-beginning, --offset, --last, --since), on \
            every partition unless --partition picks some. Follows until Ctrl-C (exit 0), --limit, \
            --timeout or, with -e, the end the partitions had when it started.

            --json prints JSON Lines: one object per line with the position, key, headers and the event. \
            jq reads it as it is; Python reads it with 'python3 -m json.tool --json-lines'.

            Examples:
              orderflow tail orders payments
              orderflow tail orders --from-beginning --type order.cancelled
              orderflow tail orders --last 10 -e
              orderflow tail orders --partition 1 --offset 42 --full
              orderflow tail orders --since 15m --key <order-id>
              orderflow tail payments --header orderflow_type=payment.declined
              orderflow tail orders --from-beginning -e --json | jq .event.data
            """)

    @OptionGroup var kafka: KafkaOptions

    @Argument(help: ArgumentHelp("Topics to follow.", valueName: "topic"))
    var topics: [String]

    @Flag(help: "Start at the oldest retained record instead of new ones.")
    var fromBeginning = false

    @Option(name: .customLong("partition"), parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "Only this partition (repeatable); default: every partition.", valueName: "n"))
    var partitions: [Int32] = []

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Start at this offset on each chosen partition (usually with --partition).", valueName: "offset"))
    var offset: Int64?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Start this many records before the end of each chosen partition.", valueName: "n"))
    var last: Int64?

    @Option(help: ArgumentHelp(
        "Start at the first record at or after this time: 2030-01-02T03:04:05Z, 2030-01-02, or an age such as 90s, 15m, 2h, 1d.",
        valueName: "time"))
    var since: String?

    @Flag(name: [.customShort("e"), .customLong("exit-at-end")], help: "Exit at the end the partitions had when tail started.")
    var exitAtEnd = false

    @Option(name: .customLong("type"), help: ArgumentHelp(
        "Only events of this type (repeatable), e.g. order.placed.", valueName: "type"))
    var types: [String] = []

    @Option(name: .customLong("correlation-id"), help: ArgumentHelp("Only events of this correlation id.", valueName: "id"))
    var correlationID: String?

    @Option(help: ArgumentHelp("Only records with this key (as text).", valueName: "key"))
    var key: String?

    @Option(name: .customLong("header"), help: ArgumentHelp(
        "Only records with this header (repeatable): name=value, or name for any value.", valueName: "name[=value]"))
    var headerFilters: [String] = []

    @Flag(help: "JSON Lines: one object per line (position, key, headers, event) for jq and scripts.")
    var json = false

    @Flag(help: "Print each record's whole value under its line (JSON pretty-printed).")
    var full = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Exit after printing this many events.", valueName: "n"))
    var limit: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Exit after this many seconds without a new event.", valueName: "seconds"))
    var timeout: Double?

    func validate() throws {
        guard !topics.isEmpty else { throw ValidationError("name at least one topic to tail") }
        if let limit, limit < 1 { throw ValidationError("--limit must be a whole number of at least 1, not \(limit)") }
        if let timeout, !(timeout > 0) || !timeout.isFinite {
            throw ValidationError("--timeout must be a positive number of seconds, not \(KafkaOptions.format(timeout))")
        }
        if let partition = partitions.first(where: { $0 < 0 }) {
            throw ValidationError("--partition must be 0 or more, not \(partition)")
        }
        if let offset, offset < 0 {
            throw ValidationError("--offset must be 0 or more, not \(offset) (--last N starts N records before the end)")
        }
        if let last, last < 0 { throw ValidationError("--last must be 0 or more, not \(last)") }
        let starts = [fromBeginning ? "--from-beginning" : nil, offset.map { _ in "--offset" }, last.map { _ in "--last" },
                      since.map { _ in "--since" }].compactMap { $0 }
        if starts.count > 1 { throw ValidationError("pick one place to start: \(starts.joined(separator: ", ")) were all given") }
        if let since, SinceTime.parse(since, now: Date()) == nil {
            throw ValidationError("--since \(since) is not a time (2030-01-02T03:04:05Z, 2030-01-02) or an age (90s, 15m, 2h, 1d)")
        }
        if json, full { throw ValidationError("--full is for the text lines; --json already carries the whole event") }
    }

    /// Parsed once, so the time the start offsets are looked up for is the one records are filtered by.
    private var start: ReaderStart { startAt(Date()) }

    private func startAt(_ now: Date) -> ReaderStart {
        if fromBeginning { return .at(.beginning) }
        if let offset { return .at(.offset(offset)) }
        if let last { return .at(.fromEnd(last)) }
        if let since, let date = SinceTime.parse(since, now: now) { return .since(date) }
        return .at(.end)
    }

    func run() async throws {
        for warning in TailFilter.unknownTypeWarnings(types) { Terminal.err("orderflow: warning: \(warning)") }
        let session = try await kafka.connect()
        defer { session.close() }
        let described = try session.requireTopics(Array(Set(topics)).sorted())
        let chosen = try choosePartitions(of: described)
        var ends: [TopicPartition: (low: Int64, high: Int64)] = [:]
        if exitAtEnd { ends = try await session.watermarks(of: described) }
        let start = start
        let reader = try await TopicReader(
            session: session, starts: Dictionary(uniqueKeysWithValues: chosen.map { ($0, start) }), purpose: "tail")
        let follower = TailFollower(
            reader: reader,
            filter: TailFilter(types: Set(types), correlationID: correlationID, key: key,
                               headers: headerFilters.map(TailFilter.HeaderMatch.init(parsing:)), since: start.date),
            output: json ? .json : .lines(EventLineFormatter(palette: .forStdout(), full: full)),
            limit: limit, idleTimeout: timeout.map { .milliseconds(Int64($0 * 1000)) },
            ends: exitAtEnd ? TailEnds(reader.resolvedStarts, marks: ends) : nil)
        let shown: Int
        do {
            shown = try await follower.run()
        } catch {
            await reader.close()
            throw error
        }
        await reader.close()
        // Ctrl-C is how a follow ends: not an error. A person at a terminal gets the count.
        if Interrupt.requested, Terminal.stderrIsTTY { Terminal.err("\(shown) event(s) shown") }
    }

    /// Every partition of the topics, or those --partition names (each must exist on every topic).
    private func choosePartitions(of described: [TopicDescription]) throws(CLIError) -> [TopicPartition] {
        var chosen: [TopicPartition] = []
        for topic in described {
            if partitions.isEmpty {
                chosen += topic.partitions.map { TopicPartition(topic: topic.name, partition: $0) }
                continue
            }
            for partition in Set(partitions).sorted() {
                guard topic.partitions.contains(partition) else {
                    let range = topic.partitions.isEmpty ? "none" : "\(topic.partitions.first!)-\(topic.partitions.last!)"
                    throw CLIError.usage("\(topic.name) has no partition \(partition) (its partitions: \(range))")
                }
                chosen.append(TopicPartition(topic: topic.name, partition: partition))
            }
        }
        return chosen
    }
}
