import Foundation
import Postgres
import Testing

/// Array parameters travel in binary and come back element for element, whatever bytes or characters
/// the elements hold, in their order.
@Suite struct ArrayParameterTests {
    @Test func byteaElementsRoundTrip() async throws {
        let values: [[UInt8]] = [
            [], [0], Array("{\"a\",\\b}".utf8), Array(0...255), [0xFF, 0xFE, 0x22, 0x5C, 0x2C, 0x7B, 0x7D],
        ]
        try await TestDatabase.withConnection("bytea_array") { connection async throws in
            let rows = try await connection.query(
                "SELECT v FROM unnest($1::bytea[]) WITH ORDINALITY AS e(v, n) ORDER BY n", [.byteaArray(values)])
            #expect(try rows.map { try $0["v"].bytes() } == values)
            #expect(try rows[4]["v"].string() == "\\xfffe225c2c7b7d")
        }
    }

    @Test func textElementsRoundTrip() async throws {
        let texts = ["", "NULL", "plain", "with \"quotes\"", "back\\slash", "{braces}, commas", "日本語 🚀"]
        try await TestDatabase.withConnection("text_array") { connection async throws in
            let rows = try await connection.query(
                "SELECT t FROM unnest($1::text[]) WITH ORDINALITY AS e(t, n) ORDER BY n", [.textArray(texts)])
            #expect(try rows.map { try $0["t"].string() } == texts)
        }
    }

    @Test func integerAndUUIDElementsRoundTrip() async throws {
        let wide: [Int64] = [Int64.min, -1, 0, 42, Int64.max]
        let narrow: [Int32] = [Int32.min, -7, 0, 65_536, Int32.max]
        let ids = [UUID(), UUID(uuidString: "00000000-0000-0000-0000-000000000000")!, UUID()]
        try await TestDatabase.withConnection("number_array") { connection async throws in
            let wideRows = try await connection.query(
                "SELECT i FROM unnest($1::bigint[]) WITH ORDINALITY AS e(i, n) ORDER BY n", [.int64Array(wide)])
            #expect(try wideRows.map { try $0["i"].int64() } == wide)
            let narrowRows = try await connection.query(
                "SELECT i FROM unnest($1::int[]) WITH ORDINALITY AS e(i, n) ORDER BY n", [.int32Array(narrow)])
            #expect(try narrowRows.map { try Int32($0["i"].int64()) } == narrow)
            let idRows = try await connection.query(
                "SELECT u, u::text AS t FROM unnest($1::uuid[]) WITH ORDINALITY AS e(u, n) ORDER BY n", [.uuidArray(ids)])
            #expect(try idRows.map { try $0["u"].uuid() } == ids)
            #expect(try idRows[0]["t"].string() == ids[0].uuidString.lowercased())
        }
    }

    @Test func emptyArraysHaveNoElements() async throws {
        try await TestDatabase.withConnection("empty_array") { connection async throws in
            let row = try #require(try await connection.query(
                "SELECT cardinality($1::text[]) AS t, cardinality($2::bytea[]) AS b, cardinality($3::uuid[]) AS u",
                [.textArray([]), .byteaArray([]), .uuidArray([])]).first)
            #expect(try row["t"].int64() == 0)
            #expect(try row["b"].int64() == 0)
            #expect(try row["u"].int64() == 0)
        }
    }

    @Test func aTextElementWithNULIsRefusedBeforeSending() async throws {
        try await TestDatabase.withConnection("nul_array") { connection async throws in
            let error = await capturePostgresError {
                _ = try await connection.query("SELECT cardinality($1::text[])", [.textArray(["ok", "a\u{0}b"])])
            }
            #expect(error?.message.contains("element 2 of parameter $1") == true)
            #expect(try await connection.query("SELECT 1 AS one").first?["one"].int() == 1)
        }
    }
}
