import Foundation

/// RFC 3339 timestamps in UTC with milliseconds, as dead-letter headers carry them.
enum Timestamps {
    static func rfc3339(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Reads what `rfc3339` writes, and the same without fractional seconds.
    static func parseRFC3339(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
