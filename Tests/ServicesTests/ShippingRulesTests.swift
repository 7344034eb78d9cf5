import Foundation
@testable import ShippingService
import Testing

@Suite("Shipping rules")
struct ShippingRulesTests {
    func date(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test(arguments: [("US", "UPS"), ("CA", "Canada Post"), ("GB", "Royal Mail"), ("DE", "DHL"), ("FR", "DHL"), ("JP", "FedEx")])
    func carrierByDestination(country: String, carrier: String) {
        #expect(ShippingRules.carrier(forCountry: country) == carrier)
    }

    @Test func aWeekdayShipsTheNextDay() throws {
        // 2026-11-18 is a Wednesday.
        #expect(ShippingRules.scheduledDate(confirmedAt: try date("2026-11-18T10:00:00Z")) == "2026-11-19")
    }

    @Test func fridayAndTheWeekendShipOnMonday() throws {
        #expect(ShippingRules.scheduledDate(confirmedAt: try date("2026-11-20T23:59:59Z")) == "2026-11-23")
        #expect(ShippingRules.scheduledDate(confirmedAt: try date("2026-11-21T00:00:01Z")) == "2026-11-23")
        #expect(ShippingRules.scheduledDate(confirmedAt: try date("2026-11-22T12:00:00Z")) == "2026-11-23")
    }

    @Test func theDayIsCountedInUTC() throws {
        // Thursday 23:30 in UTC is already Friday in Tokyo; the schedule follows UTC.
        #expect(ShippingRules.scheduledDate(confirmedAt: try date("2026-11-19T23:30:00Z")) == "2026-11-20")
    }
}
