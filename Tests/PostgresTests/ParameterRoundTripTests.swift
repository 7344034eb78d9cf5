import Foundation
import Postgres
import Testing

/// Every parameter type goes to the server and comes back unchanged, NULLs included.
@Suite struct ParameterRoundTripTests {
    private func echo(_ connection: PostgresConnection, _ value: PostgresValue) async throws -> PostgresCell {
        let rows = try await connection.query("SELECT $1 AS value", [value])
        return try #require(rows.first)["value"]
    }

    @Test func scalarTypesRoundTrip() async throws {
        try await TestDatabase.withConnection("scalars") { connection async throws in
            let text = "héllo wörld — 日本語 🚀 'quoted' \"double\" \\ backslash"
            #expect(try await echo(connection, .text(text)).string() == text)
            #expect(try await echo(connection, .text("")).string() == "")
            #expect(try await echo(connection, .int(Int.max)).int() == Int.max)
            #expect(try await echo(connection, .int(Int.min)).int() == Int.min)
            #expect(try await echo(connection, .int64(Int64.min)).int64() == Int64.min)
            #expect(try await echo(connection, .int64(Int64.max)).int64() == Int64.max)
            #expect(try await echo(connection, .int32(Int32.min)).int32() == Int32.min)
            #expect(try await echo(connection, .bool(true)).bool() == true)
            #expect(try await echo(connection, .bool(false)).bool() == false)
            let id = UUID()
            #expect(try await echo(connection, .uuid(id)).uuid() == id)
            for double in [0.1, -1.5e300, Double.leastNonzeroMagnitude, Double.pi] {
                #expect(try await echo(connection, .double(double)).double() == double)
            }
            #expect(try await echo(connection, .double(.infinity)).double() == .infinity)
            #expect(try await echo(connection, .double(.nan)).double().isNaN)
        }
    }

    @Test func parametersCarryTheirPostgresTypes() async throws {
        try await TestDatabase.withConnection("types") { connection async throws in
            let values: [PostgresValue] = [
                .text("a"), .int(1), .int32(1), .int64(1), .bool(true), .uuid(UUID()), .timestamptz(Date()),
                .jsonb("{}"), .bytea([1]), .double(1),
            ]
            let expected = ["text", "bigint", "integer", "bigint", "boolean", "uuid", "timestamp with time zone",
                "jsonb", "bytea", "double precision"]
            for (value, type) in zip(values, expected) {
                let rows = try await connection.query("SELECT pg_typeof($1)::text AS type", [value])
                #expect(try rows.first?["type"].string() == type)
            }
        }
    }

    @Test func nullsRoundTripAsNull() async throws {
        try await TestDatabase.withConnection("nulls") { connection async throws in
            try await connection.executeScript("CREATE TABLE holder (t text, i bigint, u uuid, d timestamptz, j jsonb, b bytea)")
            try await connection.execute(
                "INSERT INTO holder VALUES ($1, $2, $3, $4, $5, $6)", [.null, .null, .null, .null, .null, .null])
            let optionalName: String? = nil
            try await connection.execute("INSERT INTO holder (t, i) VALUES ($1, $2)", [optionalName, 7])
            let rows = try await connection.query("SELECT * FROM holder ORDER BY i NULLS FIRST")
            #expect(rows.count == 2)
            for column in ["t", "i", "u", "d", "j", "b"] {
                #expect(rows[0][column].isNull, "column \(column)")
                #expect(try rows[0][column].optional { try $0.string() } == nil)
            }
            #expect(rows[1]["t"].isNull)
            #expect(try rows[1]["i"].decode(Int?.self) == 7)
        }
    }

    @Test func byteaRoundTripsEmptyAndAllByteValues() async throws {
        try await TestDatabase.withConnection("bytea") { connection async throws in
            #expect(try await echo(connection, .bytea([])).bytes() == [])
            let every = (0...255).map { UInt8($0) }
            #expect(try await echo(connection, .bytea(every)).bytes() == every)
            let length = try await connection.query("SELECT length($1) AS n", [.bytea(every)])
            #expect(try length.first?["n"].int() == 256)
        }
    }

    @Test func datesKeepMicroseconds() async throws {
        try await TestDatabase.withConnection("dates") { connection async throws in
            // 2026-01-02 03:04:05.123456 UTC
            let date = Date(timeIntervalSince1970: 1_767_323_045.123456)
            let rows = try await connection.query("SELECT $1 AS value, $1::text AS text", [.timestamptz(date)])
            let row = try #require(rows.first)
            #expect(try row["text"].string() == "2026-01-02 03:04:05.123456+00")
            let back = try row["value"].date()
            #expect(Self.micros(back) == Self.micros(date))

            for old in [Date(timeIntervalSince1970: -1_000_000_000.000001), Date(timeIntervalSince1970: 0)] {
                #expect(Self.micros(try await echo(connection, .timestamptz(old)).date()) == Self.micros(old))
            }
        }
    }

    @Test func jsonbRoundTripsAsJSONText() async throws {
        try await TestDatabase.withConnection("jsonb") { connection async throws in
            let json = #"{"id": 1, "name": "Zoë", "tags": ["a", "b"], "nested": {"ok": true}}"#
            let cell = try await echo(connection, .jsonb(json))
            let decoded = try JSONSerialization.jsonObject(with: Data(try cell.json())) as? [String: Any]
            #expect(decoded?["name"] as? String == "Zoë")
            #expect((decoded?["nested"] as? [String: Any])?["ok"] as? Bool == true)
            let field = try await connection.query("SELECT $1->>'name' AS name", [.jsonb(json)])
            #expect(try field.first?["name"].string() == "Zoë")
        }
    }

    @Test func swiftValuesAndLiteralsBindDirectly() async throws {
        try await TestDatabase.withConnection("encodable") { connection async throws in
            try await connection.executeScript("CREATE TABLE item (id uuid PRIMARY KEY, name text, qty int8, note text)")
            let id = UUID()
            let note: String? = nil
            #expect(try await connection.execute("INSERT INTO item VALUES ($1, $2, $3, $4)", [id, "widget", 3, note]) == 1)
            let rows = try await connection.query("SELECT name, qty, note FROM item WHERE id = $1", [id])
            #expect(try rows.first?["name"].decode(String.self) == "widget")
            #expect(try rows.first?["qty"].decode(Int.self) == 3)
            #expect(try rows.first?["note"].decode(String?.self) == nil)
        }
    }

    @Test func textWithNulIsRejectedNotTruncated() async throws {
        try await TestDatabase.withConnection("nul") { connection async throws in
            let error = await capturePostgresError { _ = try await connection.query("SELECT $1", [.text("a\u{0}b")]) }
            #expect(error?.kind == .query)
            #expect(error?.message.contains("$1") == true)
            #expect(try await connection.query("SELECT 1 AS one").first?["one"].int() == 1)
        }
    }

    private static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }
}
