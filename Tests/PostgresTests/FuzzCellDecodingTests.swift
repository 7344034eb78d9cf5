import Foundation
@testable import Postgres
import TestSupport
import Testing

/// Row decoding fed random text: every decoder of every column type either returns a value or throws a
/// `.decoding` error naming the column; nothing traps or hangs. Values the driver itself renders decode
/// back to what was rendered.
@Suite struct FuzzCellDecodingTests {
    static let typeOIDs: [UInt32] = [0, 16, 17, 20, 21, 23, 25, 114, 700, 701, 1043, 1082, 1114, 1184, 1700, 2950, 3802]

    /// Every decoder a cell has, applied to one cell; returns how many produced a value.
    static func decodeEveryWay(_ cell: PostgresCell) -> Int {
        var decoded = 0
        for way in 0..<13 {
            do {
                switch way {
                case 0: _ = try cell.string()
                case 1: _ = try cell.int()
                case 2: _ = try cell.int32()
                case 3: _ = try cell.int64()
                case 4: _ = try cell.bool()
                case 5: _ = try cell.uuid()
                case 6: _ = try cell.date()
                case 7: _ = try cell.double()
                case 8: _ = try cell.bytes()
                case 9: _ = try cell.json()
                case 10: _ = try cell.decode(String?.self)
                case 11: _ = try cell.decode(Date?.self)
                default: _ = try cell.decode(Int64?.self)
                }
                decoded += 1
            } catch {
                #expect(error.kind == .decoding, "\(error)")
                #expect(error.message.contains(cell.column) || cell.isNull || error.message.contains("column"), "\(error.message)")
            }
        }
        return decoded
    }

    @Test func randomTextInEveryColumnTypeNeverTraps() {
        var random = FuzzRandom(seed: 0xCE11_0001)
        let columns = PostgresColumns(names: Self.typeOIDs.map { "c\($0)" }, typeOIDs: Self.typeOIDs)
        var decoded = 0
        let started = ContinuousClock.now
        for _ in 0..<1_500 {
            let values = Self.typeOIDs.map { _ in random.chance(8) ? nil : random.cellText() }
            let row = PostgresRow(columns: columns, values: values)
            for index in 0..<(row.count + 1) { decoded += Self.decodeEveryWay(row[index]) }
            decoded += Self.decodeEveryWay(row["no such column"])
        }
        #expect(decoded > 0)
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func renderedTimestampsAndByteaDecodeBack() {
        var random = FuzzRandom(seed: 0xCE11_0002)
        for _ in 0..<3_000 {
            let seconds = Double(Int64.random(in: -200_000_000_000...200_000_000_000, using: &random)) / 10
            let date = Date(timeIntervalSinceReferenceDate: seconds)
            let parsed = PostgresTimestamp.parse(PostgresTimestamp.render(date))
            #expect(parsed.map { abs($0.timeIntervalSince(date)) < 0.000_001 } == true, "\(PostgresTimestamp.render(date))")

            let bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(PostgresHex.parse(PostgresHex.render(bytes)) == bytes)
        }
    }

    @Test func mutatedTimestampsAndHexNeverTrap() {
        var random = FuzzRandom(seed: 0xCE11_0003)
        let seeds = ["2026-01-02 03:04:05.123456+00", "0001-01-01 00:00:00+00 BC", "294276-12-31 23:59:59.999999+00",
                     "2026-01-02", "infinity", "\\x00ff10", "2026-01-02T03:04:05.1+05:30:15"]
        for _ in 0..<20_000 {
            var utf8 = Array(seeds[Int.random(in: seeds.indices, using: &random)].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0...utf8.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where at < utf8.count: utf8[at] = random.cellByte()
                case 1 where at < utf8.count: utf8.remove(at: at)
                default: utf8.insert(random.cellByte(), at: at)
                }
            }
            let text = String(decoding: utf8, as: UTF8.self)
            _ = PostgresTimestamp.parse(text)
            _ = PostgresHex.parse(text)
        }
    }

    /// Random strings through a real server: stored as text, read back unchanged, then decoded every way.
    @Test func randomTextRoundTripsThroughTheServer() async throws {
        try await TestDatabase.withConnection("fuzz_cells") { connection async throws in
            var random = FuzzRandom(seed: 0xCE11_0004)
            try await connection.executeScript("CREATE TABLE fuzz (id int PRIMARY KEY, value text, blob bytea)")
            var sent: [Int: (String, [UInt8])] = [:]
            for id in 0..<300 {
                // PostgreSQL text cannot hold NUL; everything else goes.
                let text = random.cellText().replacingOccurrences(of: "\u{0}", with: "")
                let blob = (0..<Int.random(in: 0...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                try await connection.execute("INSERT INTO fuzz VALUES ($1, $2, $3)", [.int(id), .text(text), .bytea(blob)])
                sent[id] = (text, blob)
            }
            for row in try await connection.query("SELECT id, value, blob FROM fuzz") {
                let id = try row["id"].int()
                #expect(try row["value"].string() == sent[id]?.0)
                #expect(try row["blob"].bytes() == sent[id]?.1)
                _ = Self.decodeEveryWay(row["value"])
                _ = Self.decodeEveryWay(row["blob"])
            }
        }
    }
}

/// The cell fuzzers' generator, with the text shapes they need.
typealias FuzzRandom = SeededGenerator

extension SeededGenerator {
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }

    mutating func cellByte() -> UInt8 {
        let interesting: [UInt8] = Array("0123456789-+:. TtfFxX\\eE".utf8) + [0, 0x7F, 0xC3, 0xA9, 0xFF]
        return chance(70) ? interesting[Int.random(in: interesting.indices, using: &self)] : UInt8.random(in: 0...255, using: &self)
    }

    /// Text that looks like what PostgreSQL prints for some type, or nothing like it.
    mutating func cellText() -> String {
        let shapes = [
            "t", "f", "true", "NaN", "-Infinity", "Infinity", "infinity", "-infinity", "1e308", "1e309", "-0",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "2147483648", "00000000-0000-0000-0000-000000000000",
            "2026-01-02 03:04:05+00", "2026-13-40 25:61:61+99", "\\x", "\\x0", "\\xZZ", "[1,2]", "{\"a\":1}", "", " ",
        ]
        if chance(40) { return shapes[Int.random(in: shapes.indices, using: &self)] }
        let bytes = (0..<Int.random(in: 0...40, using: &self)).map { _ in cellByte() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
