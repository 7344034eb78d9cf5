import Foundation

enum TextTrim {
    static func trim(_ text: String, to width: Int) -> String {
        guard text.count > width, width > 1 else { return text }
        return String(text.prefix(width - 1)) + "…"
    }
}

enum TimeText {
    /// `HH:mm:ss.SSS` in the local time zone.
    static func timeOfDay(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.hour, .minute, .second, .nanosecond], from: date)
        return String(
            format: "%02d:%02d:%02d.%03d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0,
            (parts.nanosecond ?? 0) / 1_000_000)
    }

    /// `yyyy-MM-dd HH:mm:ss.SSS` in the local time zone: a line read the next day still says when.
    static func dateTime(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0) + timeOfDay(date)
    }

    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// `850ms`, `12.3s`, `4m05s`, `2h10m`, `3d4h`.
    static func duration(seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        let value = max(0, seconds)
        if value < 1 { return "\(Int((value * 1000).rounded()))ms" }
        if value < 60 { return String(format: "%.1fs", value) }
        let total = Int(value.rounded())
        if total < 3600 { return String(format: "%dm%02ds", total / 60, total % 60) }
        if total < 86_400 { return String(format: "%dh%02dm", total / 3600, (total % 3600) / 60) }
        return "\(total / 86_400)d\((total % 86_400) / 3600)h"
    }

    static func duration(_ duration: Duration) -> String {
        self.duration(seconds: duration.seconds)
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
