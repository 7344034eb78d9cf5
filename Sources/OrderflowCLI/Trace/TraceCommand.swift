import ArgumentParser
import Events
import Foundation
import Kafka

struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Show every event of one order's flow, across all topics, in causal order.",
        discussion: """
            Reads the pipeline's topics and their dead-letter topics from the beginning up to their current \
            end and keeps the events whose correlation id matches (from the orderflow_correlationid header, \
            or ce_correlationid on older records, so nothing else is parsed). Each event is shown under \
            the event that caused it, with each hop's time: "+N ms" from its cause's event time to its \
            own (the cause carried to its consumer and handled there), and "outbox N ms" from its own \
            event time to its record's timestamp on Kafka (the wait for the outbox relay).

            Examples:
              orderflow trace 6f1c2d8e-0b7a-4c1e-9d55-3f0e6c1a9b42
              orderflow trace 6f1c2d8e-0b7a-4c1e-9d55-3f0e6c1a9b42 --json
              orderflow trace 6f1c2d8e-... --topic orders --topic payments
            """)

    @OptionGroup var kafka: KafkaOptions

    @Argument(help: ArgumentHelp("The correlation id (shown by 'orderflow tail' and 'orderflow orders get').", valueName: "correlation-id"))
    var correlationID: String

    @Option(name: .customLong("topic"), help: ArgumentHelp(
        "Topics to read (repeatable). Default: the five pipeline topics and their .dlq topics.", valueName: "topic"))
    var topics: [String] = []

    @Flag(help: "One JSON object per line, in causal order, with its depth in the tree.")
    var json = false

    func validate() throws {
        guard !correlationID.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("the correlation id is empty")
        }
    }

    func run() async throws {
        let session = try await kafka.connect()
        defer { session.close() }
        let selected: [TopicDescription]
        if topics.isEmpty {
            let wanted = TopicCatalog.all + TopicCatalog.all.map(TopicCatalog.deadLetterTopic)
            selected = session.topics.filter { wanted.contains($0.name) }
            guard !selected.isEmpty else {
                throw CLIError("none of the pipeline topics exist yet (create them with 'orderflow topics create')")
            }
        } else {
            selected = try session.requireTopics(topics)
        }
        var views: [EventView] = []
        let wanted = correlationID
        try await BoundedRead(session: session, topics: selected, purpose: "trace").run { message in
            let headers = EventView.Headers(message)
            if let correlation = headers.correlationID {
                guard correlation == wanted else { return }
                views.append(EventView(message))
            } else {
                let view = EventView(message)
                if view.correlationID == wanted { views.append(view) }
            }
        }
        guard !views.isEmpty else {
            throw CLIError("no events with correlation id \(correlationID) in \(selected.map(\.name).joined(separator: ", "))")
        }
        let tree = CausalTree(views)
        if json {
            for (node, depth, _) in tree.walk() {
                var object = EventJSONFormatter.object(node.view)
                object["depth"] = depth
                if let note = node.note { object["note"] = note }
                let hop = tree.hop(node)
                if let sinceCause = hop.sinceCause { object["ms_since_cause"] = Self.milliseconds(sinceCause) }
                if let toKafka = hop.toKafka { object["ms_in_outbox"] = Self.milliseconds(toKafka) }
                Terminal.out(JSONValue.line(object))
            }
            return
        }
        render(tree, palette: .forStdout())
    }

    private func render(_ tree: CausalTree, palette: Palette) {
        let times = tree.nodes.compactMap(\.view.time)
        let span = (times.max() ?? Date()).timeIntervalSince(times.min() ?? Date())
        let topicCount = Set(tree.nodes.map(\.view.message.topic)).count
        var heading = palette.bold("correlation \(correlationID)") + ": \(tree.nodes.count) event(s) on \(topicCount) topic(s) over \(TimeText.duration(seconds: span))"
        let slowest = tree.nodes.compactMap { node in tree.hop(node).sinceCause.map { (node, $0) } }.max { $0.1 < $1.1 }
        if let (node, seconds) = slowest, let cause = node.cause {
            heading += "; slowest hop \(tree.nodes[cause].view.type ?? "?") → \(node.view.type ?? "?") \(Self.milliseconds(seconds)) ms"
        }
        Terminal.out(heading)
        for (node, _, prefix) in tree.walk() {
            let view = node.view
            let hop = tree.hop(node)
            var parts = [
                palette.dim(view.time.map(TimeText.timeOfDay) ?? "--:--:--.---"),
                hop.sinceCause.map { palette.yellow("+\(Self.milliseconds($0)) ms") } ?? palette.dim("-"),
                view.event == nil && view.type == nil ? palette.red("undecodable") : palette.bold("\(view.type ?? "?") v\(view.version.map(String.init) ?? "?")"),
                palette.cyan(view.position),
                view.source ?? "-",
                view.subject ?? "-",
            ]
            if let toKafka = hop.toKafka { parts.append(palette.dim("outbox \(Self.milliseconds(toKafka)) ms")) }
            if let note = node.note { parts.append(palette.magenta("[\(note)]")) }
            if view.event == nil, let error = view.decodingError { parts.append(palette.red(error.errorClass)) }
            Terminal.out(palette.dim(prefix) + parts.joined(separator: "  "))
        }
    }

    static func milliseconds(_ seconds: TimeInterval) -> Int {
        Int((seconds * 1000).rounded())
    }
}
