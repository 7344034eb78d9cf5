import ArgumentParser
import Events
import Foundation
import Kafka
import Streaming

struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect and replay dead letters.",
        discussion: """
            Examples:
              orderflow dlq summary payments.dlq
              orderflow dlq list orders.dlq
              orderflow dlq replay orders.dlq --filter error-class=retries_exhausted
            """,
        subcommands: [DLQListCommand.self, DLQSummaryCommand.self, DLQReplayCommand.self])
}

/// The dead-letter topic argument shared by list and replay.
struct DeadLetterTopicArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("A dead-letter topic, e.g. orders.dlq.", valueName: "topic.dlq"))
    var topic: String

    func validate() throws {
        guard TopicCatalog.isDeadLetterTopic(topic) else {
            throw ValidationError("\"\(topic)\" is not a dead-letter topic (its name ends in .dlq, e.g. \(TopicCatalog.deadLetterTopic(for: topic)))")
        }
    }

    /// Every dead letter currently on the topic, oldest first per partition.
    func read(_ session: BrokerSession) async throws(CLIError) -> [DeadLetterRecord] {
        let described = try session.requireTopics([topic])
        var entries: [DeadLetterRecord] = []
        try await BoundedRead(session: session, topics: described, purpose: "dlq").run { message in
            entries.append(DeadLetterRecord(reading: message))
        }
        return entries.sorted { ($0.message.partition, $0.message.offset) < ($1.message.partition, $1.message.offset) }
    }
}

struct DLQListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the dead letters on a dead-letter topic.",
        discussion: """
            Shows each dead letter's position, error class and message, where it came from (original \
            topic/partition@offset), the consumer group that gave up, attempts, and age.

            Examples:
              orderflow dlq list orders.dlq
              orderflow dlq list payments.dlq --json | jq -r .headers.dlq_error_message
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var deadLetters: DeadLetterTopicArgument

    @OptionGroup var selection: DeadLetterSelection

    @Flag(help: "One JSON object per line (position, headers, event or raw value).")
    var json = false

    func run() async throws {
        let session = try await kafka.connect()
        defer { session.close() }
        let read = try await deadLetters.read(session)
        let (entries, all) = selection.select(from: read)
        if json {
            for entry in entries { Terminal.out(EventJSONFormatter.line(EventView(entry.message))) }
            if entries.isEmpty { Terminal.err("orderflow: \(selection.nothingMatched(on: deadLetters.topic, all: all))") }
            return
        }
        guard !entries.isEmpty else {
            Terminal.out(selection.nothingMatched(on: deadLetters.topic, all: all))
            return
        }
        let now = Date()
        var table = TextTable(
            ["DLQ POSITION", "ERROR CLASS", "ORIGINAL", "GROUP", "ATTEMPTS", "AGE", "TYPE", "MESSAGE"],
            alignments: [.left, .left, .left, .left, .right, .right, .left, .left])
        for entry in entries {
            table.add([
                entry.position, entry.recordedErrorClass ?? "-", entry.originalPosition, entry.consumerGroup ?? "-",
                entry.attempts.map(String.init) ?? "-", entry.age(now: now).map { TimeText.duration(seconds: $0) } ?? "-",
                entry.eventType ?? "-", TextTrim.trim(entry.recordedErrorMessage ?? "-", to: 80),
            ])
        }
        Terminal.out(table.render())
        Terminal.out("\(entries.count) dead letter(s)")
    }
}

struct DLQReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-publish dead letters to their original topic.",
        discussion: """
            Each selected dead letter is produced to its original topic with its original key, value and \
            headers, minus the dlq_* headers, plus dlq_replayed_from=<dlq topic>/<partition>/<offset>. \
            Consumers deduplicate on the event id, so replaying is safe. The dead letters stay on the \
            dead-letter topic. Without --filter every dead letter on the topic is replayed.

            A letter that is not JSON (error class not_json) would only be dead-lettered again, and a letter \
            already replayed (its mark is on the original topic) was handled before: replay asks before \
            replaying either (without a terminal, it needs --force).

            Examples:
              orderflow dlq replay orders.dlq --dry-run
              orderflow dlq replay payments.dlq --filter error-class=unknown_order
              orderflow dlq replay payments.dlq --filter offset=12 --force
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var deadLetters: DeadLetterTopicArgument

    @OptionGroup var selection: DeadLetterSelection

    @Flag(help: "Show what would be replayed without producing anything.")
    var dryRun = false

    @Flag(help: ArgumentHelp(
        "Replay without asking: also letters replayed before, and letters that are not JSON (they only fail again)."))
    var force = false

    func run() async throws {
        let session = try await kafka.connect()
        defer { session.close() }
        let read = try await deadLetters.read(session)
        let (entries, all) = selection.select(from: read)
        guard !entries.isEmpty else {
            Terminal.out(selection.nothingMatched(on: deadLetters.topic, all: all) + "; nothing replayed")
            return
        }
        var planned: [(DeadLetterRecord, KafkaRecord)] = []
        for entry in entries {
            guard let record = DeadLetterReplay.record(for: entry) else {
                throw CLIError("dead letter \(entry.position) names no original topic")
            }
            guard session.topic(record.topic) != nil else {
                throw CLIError("dead letter \(entry.position) came from \"\(record.topic)\", which does not exist")
            }
            planned.append((entry, record))
        }
        let doubts = try await ReplayDoubts.find(planned, session: session)
        if dryRun {
            for (entry, record) in planned {
                var line = "would replay \(entry.position) -> \(record.topic)  \(entry.recordedErrorClass ?? "-")  \(entry.eventType ?? "-")"
                if let doubt = doubts.reason(for: entry) { line += "  (\(doubt))" }
                Terminal.out(line)
            }
            Terminal.out("dry run: \(planned.count) dead letter(s) would be replayed; nothing produced")
            return
        }
        if !doubts.isEmpty, !force {
            for line in doubts.lines { Terminal.err("orderflow: warning: \(line)") }
            guard ReplayConfirmation.ask("replay \(planned.count) dead letter(s) anyway?") else {
                throw CLIError(
                    "\(doubts.count) of \(planned.count) dead letter(s) would only fail again or were replayed before; "
                        + "nothing replayed (pass --force to replay them anyway, or --filter to leave them out)")
            }
        }
        try await produce(planned, session: session)
    }

    private func produce(_ planned: [(DeadLetterRecord, KafkaRecord)], session: BrokerSession) async throws(CLIError) {
        var configuration = KafkaProducerConfiguration(bootstrapServers: session.bootstrapServers)
        configuration.clientID = "orderflow-cli-replay"
        configuration.messageTimeout = .seconds(30)
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(configuration: configuration, logger: CLILogging.logger("replay"))
        } catch {
            throw CLIError("cannot create a producer: \(KafkaErrorText.describe(error))")
        }
        let results = await producer.send(planned.map(\.1))
        await producer.close()
        var failures: [String] = []
        for ((entry, _), result) in zip(planned, results) {
            switch result {
            case .success(let report):
                Terminal.out("replayed \(entry.position) -> \(report.topic)/\(report.partition)@\(report.offset)")
            case .failure(let error):
                failures.append("\(entry.position): \(KafkaErrorText.describe(error))")
            }
        }
        Terminal.out("replayed \(planned.count - failures.count) of \(planned.count) dead letter(s)")
        if let first = failures.first {
            throw CLIError("\(failures.count) replay(s) failed; first: \(first)")
        }
    }
}

/// `--filter` of `dlq list` and `dlq replay`: which dead letters of the topic to act on.
struct DeadLetterSelection: ParsableArguments {
    @Option(name: .customLong("filter"), help: ArgumentHelp(
        "Only matching dead letters (repeatable): error-class=, offset=, partition=, original-offset=, "
            + "original-partition=, group=, type=, key=.", valueName: "name=value"))
    var filterArguments: [String] = []

    func validate() throws {
        _ = try parsedFilters()
    }

    private func parsedFilters() throws(ValidationError) -> [DeadLetterFilter] {
        try filterArguments.map { argument throws(ValidationError) in try DeadLetterFilter(parsing: argument) }
    }

    /// Checked in `validate()`, so parsing cannot fail here.
    var filters: [DeadLetterFilter] { (try? parsedFilters()) ?? [] }

    func entries(of topic: DeadLetterTopicArgument, _ session: BrokerSession) async throws(CLIError) -> [DeadLetterRecord] {
        try await select(from: topic.read(session)).selected
    }

    /// The matching dead letters, and every dead letter on the topic (to say what is there when
    /// nothing matches).
    func select(from all: [DeadLetterRecord]) -> (selected: [DeadLetterRecord], all: [DeadLetterRecord]) {
        let filters = filters
        return (all.filter { entry in filters.allSatisfy { $0.matches(entry) } }, all)
    }

    /// "no dead letters on X" or, with filters, which ones are there instead.
    func nothingMatched(on topic: String, all: [DeadLetterRecord]) -> String {
        guard !filters.isEmpty else { return "no dead letters on \(topic)" }
        let wanted = filters.map(\.description).joined(separator: " ")
        guard !all.isEmpty else { return "no dead letter matches \(wanted): \(topic) is empty" }
        let classes = DeadLetterSummary.countsByErrorClass(all).map { "\($0.count) \($0.errorClass)" }.joined(separator: ", ")
        return "no dead letter matches \(wanted); \(topic) has \(all.count): \(classes)"
    }
}
