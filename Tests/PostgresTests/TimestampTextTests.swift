import Foundation
import Postgres
import Testing

/// The date and time text the server prints decodes to the right instant, and BC dates survive the trip.
@Suite struct TimestampTextTests {
    @Test func decodesOffsetsFractionsAndPlainDates() async throws {
        try await TestDatabase.withConnection("timestamps") { connection async throws in
            let rows = try await connection.query("""
                SELECT '2026-01-02 03:04:05.5+00'::timestamptz AS utc,
                       '2026-01-02 05:34:05.5+02:30'::text AS offset_text,
                       '2026-01-02'::date AS plain_date,
                       '2026-01-02 03:04:05'::timestamp AS no_zone,
                       '0044-03-15 12:00:00+00 BC'::timestamptz AS ancient,
                       'infinity'::timestamptz AS forever
                """)
            let row = try #require(rows.first)
            let expected = Date(timeIntervalSince1970: 1_767_323_045.5)
            #expect(try row["utc"].date() == expected)
            #expect(try row["offset_text"].date() == expected)
            #expect(try row["plain_date"].date() == Date(timeIntervalSince1970: 1_767_312_000))
            #expect(try row["no_zone"].date() == Date(timeIntervalSince1970: 1_767_323_045))
            #expect(try row["forever"].date() == .distantFuture)
            let ancient = try row["ancient"].date()
            let back = try await connection.query("SELECT $1::text AS t", [.timestamptz(ancient)])
            #expect(try back.first?["t"].string() == "0044-03-15 12:00:00+00 BC")
        }
    }
}
