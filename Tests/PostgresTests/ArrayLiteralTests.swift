import Postgres
import Testing

/// Array parameters written as text literals come back element for element, whatever bytes or
/// characters the elements hold.
@Suite struct ArrayLiteralTests {
    @Test func byteaElementsRoundTrip() async throws {
        let values: [[UInt8]] = [
            [], [0], Array("{\"a\",\\b}".utf8), Array(0...255), [0xFF, 0xFE, 0x22, 0x5C, 0x2C, 0x7B, 0x7D],
        ]
        try await TestDatabase.withConnection("bytea_array") { connection async throws in
            let rows = try await connection.query(
                "SELECT v FROM unnest($1::text::bytea[]) WITH ORDINALITY AS e(v, n) ORDER BY n",
                [.text(PostgresArrayLiteral.bytea(values))])
            #expect(try rows.map { try $0["v"].bytes() } == values)
            // bytea is decoded while the result is read; its text is still PostgreSQL's hex form.
            #expect(try rows[1]["v"].string() == "\\x00")
            #expect(try rows[4]["v"].string() == "\\xfffe225c2c7b7d")
        }
    }

    @Test func textAndIntegerElementsRoundTrip() async throws {
        let texts = ["", "NULL", "plain", "with \"quotes\"", "back\\slash", "{braces}, commas", "日本語 🚀"]
        try await TestDatabase.withConnection("text_array") { connection async throws in
            let rows = try await connection.query(
                "SELECT t FROM unnest($1::text::text[]) WITH ORDINALITY AS e(t, n) ORDER BY n",
                [.text(PostgresArrayLiteral.text(texts))])
            #expect(try rows.map { try $0["t"].string() } == texts)
            let numbers: [Int64] = [Int64.min, -1, 0, 42, Int64.max]
            let numberRows = try await connection.query(
                "SELECT i FROM unnest($1::text::bigint[]) WITH ORDINALITY AS e(i, n) ORDER BY n",
                [.text(PostgresArrayLiteral.of(numbers))])
            #expect(try numberRows.map { try $0["i"].int64() } == numbers)
        }
    }
}
