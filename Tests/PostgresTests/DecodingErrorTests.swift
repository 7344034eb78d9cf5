import Postgres
import Testing

/// Decoding a cell as the wrong type fails with `.decoding`, naming the column and the value.
@Suite struct DecodingErrorTests {
    @Test func textCellDecodedAsIntNamesTheColumn() async throws {
        try await TestDatabase.withConnection("decode") { connection async throws in
            let row = try #require(try await connection.query("SELECT 'abc'::text AS customer_name, NULL::int AS missing").first)
            let error = await capturePostgresError { _ = try row["customer_name"].int() }
            #expect(error?.kind == .decoding)
            #expect(error?.message.contains("customer_name") == true)
            #expect(error?.message.contains("abc") == true)

            let null = await capturePostgresError { _ = try row["missing"].int() }
            #expect(null?.kind == .decoding)
            #expect(null?.message.contains("NULL") == true)

            let absent = await capturePostgresError { _ = try row["nope"].string() }
            #expect(absent?.kind == .decoding)
            #expect(absent?.message.contains("customer_name, missing") == true)

            let outOfRange = await capturePostgresError { _ = try row[5].string() }
            #expect(outOfRange?.kind == .decoding)
        }
    }

    @Test func wrongShapesOfEveryTypeAreRejected() async throws {
        try await TestDatabase.withConnection("decode_types") { connection async throws in
            let row = try #require(try await connection.query("SELECT 'not it'::text AS v, 99999999999::int8 AS big").first)
            let cell = row["v"]
            for decode in [
                { _ = try cell.uuid() }, { _ = try cell.bool() }, { _ = try cell.date() }, { _ = try cell.double() },
                { _ = try cell.int64() },
            ] as [() throws -> Void] {
                #expect(throws: PostgresError.self) { try decode() }
            }
            #expect(throws: PostgresError.self) { _ = try row["big"].int32() }
            #expect(try row["big"].int64() == 99_999_999_999)
        }
    }
}
