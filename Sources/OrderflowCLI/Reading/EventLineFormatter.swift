import Foundation
import Kafka

/// One readable line per event: date and time, position, type and version, subject, correlation id,
/// short data; with `full`, the whole value under it.
struct EventLineFormatter: Sendable {
    var palette: Palette
    var full = false
    var dataWidth = 100

    /// The line, and with `full` the value below it.
    func text(_ view: EventView) -> String {
        guard full else { return line(view) }
        return line(view) + "\n" + Self.wholeValue(view.message.value).split(separator: "\n", omittingEmptySubsequences: false)
            .map { "    " + $0 }.joined(separator: "\n")
    }

    /// JSON pretty-printed with sorted keys; other text as it is; bytes that are not UTF-8 as base64.
    static func wholeValue(_ value: [UInt8]?) -> String {
        guard let value else { return "(null value)" }
        if let object = JSONValue.parse(value),
           let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]) {
            return String(decoding: data, as: UTF8.self)
        }
        if let text = String(validating: value, as: UTF8.self) { return text }
        return "(\(value.count) bytes, base64) " + Data(value).base64EncodedString()
    }

    func line(_ view: EventView) -> String {
        let time = palette.dim(view.time.map(TimeText.dateTime) ?? "----------- --:--:--.---")
        let position = palette.cyan(view.position)
        guard view.event != nil else {
            let reason = view.decodingError.map { "\($0.errorClass): \($0)" } ?? "undecodable"
            let size = view.message.value?.count ?? 0
            var parts = [time, position, palette.red("undecodable"), TextTrim.trim(reason, to: 120)]
            if let type = view.type { parts.append("type=\(type)") }
            if let key = view.keyText { parts.append("key=\(TextTrim.trim(key, to: 40))") }
            parts.append("\(size) bytes")
            return parts.joined(separator: "  ")
        }
        let type = palette.bold("\(view.type ?? "?") v\(view.version.map(String.init) ?? "?")")
        var parts = [time, position, type, view.subject ?? "-", palette.yellow("corr=\(view.correlationID ?? "-")")]
        if let data = view.dataJSON, !full {
            parts.append(palette.dim(TextTrim.trim(data, to: dataWidth)))
        }
        return parts.joined(separator: "  ")
    }
}

/// `--json`: one object per line with the Kafka position, headers, and the event as it was on the wire.
enum EventJSONFormatter {
    static func object(_ view: EventView) -> [String: Any] {
        let message = view.message
        var object: [String: Any] = [
            "topic": message.topic,
            "partition": Int(message.partition),
            "offset": message.offset,
            "headers": headers(message.headers),
        ]
        if let timestamp = message.timestamp { object["timestamp"] = TimeText.iso8601(timestamp) }
        object["key"] = view.keyText ?? NSNull()
        if view.event != nil, let envelope = JSONValue.parse(message.value) {
            object["event"] = envelope
        } else {
            object["event"] = NSNull()
            if let error = view.decodingError {
                object["error"] = ["class": error.errorClass, "message": error.description]
            }
            if let value = message.value {
                if let text = String(validating: value, as: UTF8.self) {
                    object["value"] = text
                } else {
                    object["valueBase64"] = Data(value).base64EncodedString()
                }
            }
        }
        return object
    }

    static func line(_ view: EventView) -> String {
        JSONValue.line(object(view))
    }

    static func headers(_ headers: [KafkaHeader]) -> [String: Any] {
        var result: [String: Any] = [:]
        for header in headers where result[header.key] == nil {
            if let value = header.value {
                result[header.key] = String(validating: value, as: UTF8.self) ?? Data(value).base64EncodedString()
            } else {
                result[header.key] = NSNull()
            }
        }
        return result
    }
}
