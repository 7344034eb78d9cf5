import ArgumentParser
import Foundation

struct DLQSummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Count the dead letters on a dead-letter topic per error class.",
        discussion: """
            One row per error class: how many, from which original topics and consumer groups, and when \
            the oldest and newest failed.

            Examples:
              orderflow dlq summary payments.dlq
              orderflow dlq summary orders.dlq --filter group=payment-service
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var deadLetters: DeadLetterTopicArgument
    @OptionGroup var selection: DeadLetterSelection

    func run() async throws {
        let session = try await kafka.connect()
        defer { session.close() }
        let read = try await deadLetters.read(session)
        let (entries, all) = selection.select(from: read)
        guard !entries.isEmpty else {
            Terminal.out(selection.nothingMatched(on: deadLetters.topic, all: all))
            return
        }
        var table = TextTable(
            ["ERROR CLASS", "COUNT", "ORIGINAL TOPICS", "GROUPS", "OLDEST", "NEWEST"],
            alignments: [.left, .right, .left, .left, .left, .left])
        for row in DeadLetterSummary.countsByErrorClass(entries) {
            table.add([
                row.errorClass, String(row.count), row.originalTopics.joined(separator: ",").orDash,
                row.groups.joined(separator: ",").orDash, row.oldest.map(TimeText.dateTime) ?? "-",
                row.newest.map(TimeText.dateTime) ?? "-",
            ])
        }
        Terminal.out(table.render())
        Terminal.out("\(entries.count) dead letter(s) on \(deadLetters.topic)")
    }
}

extension String {
    var orDash: String { isEmpty ? "-" : self }
}
