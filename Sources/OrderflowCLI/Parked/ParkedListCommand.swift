import ArgumentParser
import Foundation
import Streaming

struct ParkedListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "One line per parked key: its service, messages waiting, attempts and last error.",
        discussion: """
            Examples:
              orderflow parked list
              orderflow parked list --service payment --json
            """)

    @OptionGroup var databases: ParkedDatabaseOptions

    @Flag(help: "One JSON object per parked key (JSON lines).")
    var json = false

    func run() async throws {
        let found = try await databases.each { _, parked in try await parked.keys() }
        let keys = found.flatMap { service, keys in keys.map { (service, $0) } }
        if json {
            for (service, key) in keys { Terminal.out(Self.jsonLine(service.rawValue, key)) }
            return
        }
        guard !keys.isEmpty else {
            Terminal.out("no parked messages (\(found.map(\.0.rawValue).joined(separator: ", ")))")
            return
        }
        var table = TextTable(["SERVICE", "KEY", "MESSAGES", "STATE", "ATTEMPTS", "OLDEST", "LAST ERROR"],
                              alignments: [.left, .left, .right, .left, .right, .right, .left])
        for (service, key) in keys {
            table.add([
                service.rawValue, key.key, String(key.messages), key.held ? "held" : "retrying", String(key.attempts),
                "\(Int(key.oldestAgeSeconds)) s", TextTrim.trim([key.errorClass, key.lastError].compactMap { $0 }.joined(separator: ": "), to: 70),
            ])
        }
        Terminal.out(table.render())
    }

    static func jsonLine(_ service: String, _ key: ParkedMessages.KeySummary) -> String {
        var object: [String: Any] = [
            "service": service, "consumerGroup": key.consumerGroup, "key": key.key, "messages": key.messages,
            "held": key.held, "attempts": key.attempts, "oldestAgeSeconds": key.oldestAgeSeconds,
        ]
        if let errorClass = key.errorClass { object["errorClass"] = errorClass }
        if let lastError = key.lastError { object["lastError"] = lastError }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
