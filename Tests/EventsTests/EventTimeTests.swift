import Events
import Foundation
import TestSupport
import Testing

/// RFC 3339 handling matches what the schema's date-time and date formats accept.
@Suite struct EventTimeTests {
    @Test func formatsUTCWithMilliseconds() {
        #expect(EventTime.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(EventTime.string(from: Date(timeIntervalSince1970: 1_795_255_200.123)) == "2026-11-21T10:00:00.123Z")
        #expect(EventTime.string(from: Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
        #expect(EventTime.string(from: Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        #expect(EventTime.string(from: Date(timeIntervalSince1970: 1e15)) == nil)
        #expect(EventTime.string(from: .distantPast) == nil)
    }

    @Test(arguments: [
        ("2026-11-21T10:00:00.123Z", 1_795_255_200_123),
        ("2026-11-21t10:00:00z", 1_795_255_200_000),
        ("2026-11-21T10:00:00.1234567Z", 1_795_255_200_123),
        ("2026-11-21T10:00:00.5Z", 1_795_255_200_500),
        ("2026-11-21T12:30:00+02:30", 1_795_255_200_000),
        ("2026-11-21T00:00:00-10:00", 1_795_255_200_000),
    ] as [(String, Int64)])
    func parsesRFC3339(text: String, millisecondsSinceEpoch: Int64) {
        #expect(EventTime.date(from: text) == Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000))
    }

    @Test(arguments: [
        "", "2026-11-21", "2026-11-21T10:00:00", "2026-11-21 10:00:00Z", "2026-11-21T24:00:00Z",
        "2026-11-21T10:60:00Z", "2026-11-21T10:00:60Z", "2026-02-29T10:00:00Z", "2026-13-01T10:00:00Z",
        "0000-01-01T00:00:00Z", "2026-11-21T10:00:00.Z", "2026-11-21T10:00:00+2:00", "2026-11-21T10:00:00+24:00",
        "2026-11-21T10:00:00Z\n", "２０２６-11-21T10:00:00Z", "2026-11-21T10:00:00.123ZZ",
    ])
    func rejectsWhatTheSchemaRejects(text: String) {
        #expect(EventTime.date(from: text) == nil)
    }

    @Test func calendarDates() {
        #expect(EventTime.calendarDate(from: Date(timeIntervalSince1970: 1_795_255_200)) == "2026-11-21")
        #expect(EventTime.calendarDate(from: Date(timeIntervalSince1970: -1)) == "1969-12-31")
        #expect(EventTime.isCalendarDate("2028-02-29"))
        #expect(!EventTime.isCalendarDate("2027-02-29"))
        #expect(!EventTime.isCalendarDate("2027-2-28"))
        #expect(!EventTime.isCalendarDate("2027-02-28T00:00:00Z"))
    }

    @Test func formatAndParseAgreeAcrossTheRange() {
        var random = SeededGenerator(seed: 42)
        for _ in 0..<1_000 {
            let milliseconds = Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &random)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = EventTime.string(from: date)
            #expect(text.flatMap(EventTime.date(from:)) == date, "\(milliseconds) → \(text ?? "nil")")
            #expect(EventTime.truncatedToMilliseconds(date) == date)
        }
    }
}
