import Events
import Foundation
import Kafka

/// What `tail` shows: all must match. Type and correlation id are read from the routing headers when
/// present (no parse needed), else from the decoded envelope.
struct TailFilter: Sendable {
    var types: Set<String> = []
    var correlationID: String?
    /// The record key, as UTF-8 text.
    var key: String?
    /// `name=value` (that value) or `name` (present with any value); all must match.
    var headers: [HeaderMatch] = []
    /// `--since`: records older than this are skipped (the start offset was looked up by time, but a
    /// broker that cannot do that lookup starts the read at the beginning).
    var since: Date?

    struct HeaderMatch: Sendable, CustomStringConvertible {
        var name: String
        var value: String?

        init(parsing argument: String) {
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            name = parts[0]
            value = parts.count == 2 ? parts[1] : nil
        }

        func matches(_ headers: [KafkaHeader]) -> Bool {
            headers.contains { header in
                guard header.key == name else { return false }
                guard let value else { return true }
                return header.value.flatMap { String(validating: $0, as: UTF8.self) } == value
            }
        }

        var description: String { value.map { "\(name)=\($0)" } ?? name }
    }

    func accepts(_ message: KafkaMessage) -> Bool {
        if let since, let timestamp = message.timestamp, timestamp < since { return false }
        if let key, message.key.map({ String(decoding: $0, as: UTF8.self) }) != key { return false }
        if !headers.allSatisfy({ $0.matches(message.headers) }) { return false }
        if types.isEmpty, correlationID == nil { return true }
        let routing = EventView.Headers(message)
        if let type = routing.type, let correlation = routing.correlationID {
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

    /// A warning for each `--type` no registered event has, with the close ones: such a filter
    /// silently matches nothing otherwise.
    static func unknownTypeWarnings(_ types: [String], registry: EventRegistry = .standard) -> [String] {
        let known = registry.supported.map(\.type)
        return types.filter { !known.contains($0) }.map { type in
            let close = CloseMatches.among(known, to: type)
            let hint = close.isEmpty ? "known types: \(known.joined(separator: ", "))" : "did you mean \(close.joined(separator: " or "))?"
            return "--type \(type) is no known event type, so it matches nothing (\(hint))"
        }
    }
}
