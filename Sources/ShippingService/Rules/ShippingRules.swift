import Foundation

/// Carrier and ship date by fixed rules: the same confirmed order always gets the same schedule.
enum ShippingRules {
    static func carrier(forCountry country: String) -> String {
        switch country {
        case "US": "UPS"
        case "CA": "Canada Post"
        case "GB": "Royal Mail"
        case "DE", "AT", "NL", "BE", "FR", "IT", "ES", "PL", "DK", "SE": "DHL"
        default: "FedEx"
        }
    }

    /// The next business day (UTC) after the confirmation, as YYYY-MM-DD.
    static func scheduledDate(confirmedAt: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var day = calendar.startOfDay(for: confirmedAt)
        repeat {
            day = calendar.date(byAdding: .day, value: 1, to: day) ?? day.addingTimeInterval(86_400)
        } while calendar.isDateInWeekend(day)
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
