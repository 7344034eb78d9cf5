import Foundation

/// RFC 3339 timestamps and calendar dates as the event contract writes them: UTC, milliseconds.
///
/// Hand-written because every event carries a timestamp and DateFormatter / ISO8601FormatStyle
/// cost more than the rest of the envelope together. Parsing accepts exactly what the schema's
/// `date-time` format accepts: `T`/`t`, `Z`/`z` or a `±HH:MM` offset, optional fraction of any
/// length (read to the millisecond), seconds 00–59.
public enum EventTime {
    static let millisecondsPerDay: Int64 = 86_400_000
    static let earliestMilliseconds = Int64(CivilDate(year: 1, month: 1, day: 1).daysSinceEpoch) * millisecondsPerDay
    static let latestMilliseconds = Int64(CivilDate(year: 9999, month: 12, day: 31).daysSinceEpoch + 1) * millisecondsPerDay - 1

    /// `date` cut down to whole milliseconds (toward the past), as the wire format keeps it.
    public static func truncatedToMilliseconds(_ date: Date) -> Date {
        guard let milliseconds = milliseconds(of: date, rounding: .down) else { return date }
        return self.date(milliseconds: milliseconds)
    }

    /// `2026-11-21T10:00:00.123Z`; nil when the date lies outside years 0001–9999.
    public static func string(from date: Date) -> String? {
        guard let milliseconds = milliseconds(of: date, rounding: .toNearestOrAwayFromZero) else { return nil }
        let (days, millisecondOfDay) = floorDivide(milliseconds, millisecondsPerDay)
        let civil = CivilDate(daysSinceEpoch: Int(days))
        let ms = Int(millisecondOfDay)
        return String(unsafeUninitializedCapacity: 24) { out in
            var at = 0
            func put(_ value: Int, digits: Int) {
                var value = value
                for index in stride(from: at + digits - 1, through: at, by: -1) {
                    out[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                at += digits
            }
            func put(_ character: Unicode.Scalar) {
                out[at] = UInt8(ascii: character)
                at += 1
            }
            put(civil.year, digits: 4); put("-"); put(civil.month, digits: 2); put("-"); put(civil.day, digits: 2)
            put("T")
            put(ms / 3_600_000, digits: 2); put(":"); put(ms / 60_000 % 60, digits: 2); put(":")
            put(ms / 1000 % 60, digits: 2); put("."); put(ms % 1000, digits: 3)
            put("Z")
            return at
        }
    }

    /// The instant an RFC 3339 timestamp names, or nil when it is not one.
    public static func date(from string: String) -> Date? {
        var text = string
        return text.withUTF8 { bytes in
            parseMilliseconds(bytes).map { date(milliseconds: $0) }
        }
    }

    /// `YYYY-MM-DD` of the UTC day `date` falls on; nil outside years 0001–9999.
    public static func calendarDate(from date: Date) -> String? {
        guard let milliseconds = milliseconds(of: date, rounding: .down) else { return nil }
        let civil = CivilDate(daysSinceEpoch: Int(floorDivide(milliseconds, millisecondsPerDay).quotient))
        return "\(padded(civil.year, to: 4))-\(padded(civil.month, to: 2))-\(padded(civil.day, to: 2))"
    }

    /// Whether `string` is a real `YYYY-MM-DD` calendar date in years 0001–9999.
    public static func isCalendarDate(_ string: String) -> Bool {
        var text = string
        return text.withUTF8 { bytes in
            var reader = DigitReader(bytes: bytes)
            guard bytes.count == 10, let date = reader.calendarDate() else { return false }
            return date.isValid
        }
    }

    // MARK: - Internals

    static func padded(_ value: Int, to width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    static func milliseconds(of date: Date, rounding rule: FloatingPointRoundingRule) -> Int64? {
        let exact = date.timeIntervalSince1970 * 1000
        // A date made from whole milliseconds comes back a few ulps off after the conversions
        // between Foundation's 2001 epoch and 1970; snap those to the millisecond they came from
        // so truncation is idempotent and parse(format(d)) == d.
        let nearest = exact.rounded()
        let scaled = abs(exact - nearest) <= exact.ulp * 8 ? nearest : exact.rounded(rule)
        guard scaled.isFinite,
              scaled >= Double(earliestMilliseconds), scaled <= Double(latestMilliseconds)
        else { return nil }
        return Int64(scaled)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value >= 0 ? value / divisor : (value - divisor + 1) / divisor
        return (quotient, value - quotient * divisor)
    }

    static func parseMilliseconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var reader = DigitReader(bytes: bytes)
        guard let date = reader.calendarDate(), date.isValid,
              reader.skip(oneOf: "T", "t"),
              let hour = reader.number(digits: 2), hour < 24, reader.skip(":"),
              let minute = reader.number(digits: 2), minute < 60, reader.skip(":"),
              let second = reader.number(digits: 2), second < 60
        else { return nil }
        var millisecond = 0
        if reader.skip(".") {
            guard let fraction = reader.fractionMilliseconds() else { return nil }
            millisecond = fraction
        }
        var offsetMinutes = 0
        if reader.skip(oneOf: "Z", "z") {
            offsetMinutes = 0
        } else {
            let sign: Int
            if reader.skip("+") { sign = 1 } else if reader.skip("-") { sign = -1 } else { return nil }
            guard let offsetHour = reader.number(digits: 2), offsetHour < 24, reader.skip(":"),
                  let offsetMinute = reader.number(digits: 2), offsetMinute < 60
            else { return nil }
            offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
        }
        guard reader.atEnd else { return nil }
        let secondOfDay = Int64(hour * 3600 + minute * 60 + second - offsetMinutes * 60)
        return Int64(date.daysSinceEpoch) * millisecondsPerDay + secondOfDay * 1000 + Int64(millisecond)
    }
}

/// Cursor over ASCII bytes for the fixed-width fields of timestamps.
struct DigitReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { position == bytes.count }

    mutating func number(digits: Int) -> Int? {
        guard position + digits <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<digits {
            let byte = bytes[position + offset]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        position += digits
        return value
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    mutating func skip(oneOf first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        skip(first) || skip(second)
    }

    /// `YYYY-MM-DD` fields, not yet checked for being a real day.
    mutating func calendarDate() -> CivilDate? {
        guard let year = number(digits: 4), skip("-"),
              let month = number(digits: 2), skip("-"),
              let day = number(digits: 2)
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// One or more digits after the decimal point, as whole milliseconds (extra digits truncated).
    mutating func fractionMilliseconds() -> Int? {
        var milliseconds = 0
        var count = 0
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            if count < 3 { milliseconds = milliseconds * 10 + Int(bytes[position] - UInt8(ascii: "0")) }
            count += 1
            position += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<max(count, 3) { milliseconds *= 10 }
        return milliseconds
    }
}
