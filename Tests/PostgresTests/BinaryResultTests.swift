import Postgres
import Testing

/// Binary results read back as text results do, for the types the client reads in binary; any other
/// type is refused with a message naming the cast, not misread.
@Suite struct BinaryResultTests {
    static let sql = """
        SELECT $1::bigint AS wide, $2::int AS narrow, $3::smallint AS small, $4::bool AS yes, false AS no, $5::text AS words,
               $6::bytea AS bytes, NULL::bigint AS nothing, 'n'::varchar AS varying, 1.5::numeric AS unread
        """

    @Test func valuesReadAlikeInBothFormats() async throws {
        let parameters: [PostgresValue] = [
            .int64(Int64.min), .int32(-7), .text("32767"), .bool(true), .text("日本語 \"x\""), .bytea(Array(0...255)),
        ]
        try await TestDatabase.withConnection("binary_results") { connection async throws in
            let text = try #require(try await connection.query(Self.sql, parameters).first)
            let binary = try #require(try await connection.query(Self.sql, parameters, results: .binary).first)
            for row in [text, binary] {
                #expect(try row["wide"].int64() == Int64.min)
                #expect(try row["narrow"].int() == -7)
                #expect(try row["small"].int() == 32767)
                #expect(try row["yes"].bool() && !(try row["no"].bool()))
                #expect(try row["words"].string() == "日本語 \"x\"")
                #expect(try row["bytes"].bytes() == Array(0...255))
                #expect(row["nothing"].isNull)
                #expect(try row["varying"].string() == "n")
            }
            #expect(try text["unread"].string() == "1.5")
            let refusal = #expect(throws: PostgresError.self) { try binary["unread"].string() }
            #expect(refusal?.message.contains("cast the column to text") == true)
        }
    }
}
