import Kafka
@testable import Streaming
import Testing

/// The relay's position over the outbox: which ids it passed without a row, when it may forget them,
/// and which rows it sends, also after taking over a shard behind or ahead of its cursor.
@Suite struct RelayPositionTests {
    static func seen(_ id: Int64, shard: Int = 0, owned: Bool = true, awaitsRetry: Bool = false) -> OutboxRead.Seen {
        let row = OutboxRow(
            id: id, record: KafkaRecord(topic: "t", key: [UInt8(shard)], value: [], headers: []), eventType: "e",
            eventID: "\(id)", correlationID: "c", traceparent: nil)
        return OutboxRead.Seen(id: id, shard: shard, awaitsRetry: awaitsRetry, row: owned ? row : nil)
    }

    /// What a read issued at `position` returns: it looked through the gaps up to the cursor and the
    /// ids from the cursor through its last row.
    static func read(
        at position: RelayPosition, xmin: Int64, horizon: Int64, filled: [OutboxRead.Seen] = [], next: [OutboxRead.Seen]
    ) -> OutboxRead {
        OutboxRead(
            xmin: xmin, horizon: horizon,
            checked: OutboxRead.checked(
                gaps: position.gaps.bounds(through: position.cursor), after: position.cursor, through: next.last?.id),
            filled: filled, next: next)
    }

    static func position(shards: [Int: Int64], gaps: [IDGap] = []) -> RelayPosition {
        var position = RelayPosition()
        for (shard, through) in shards.sorted(by: { $0.key < $1.key }) {
            position.adopt(ShardMark(shard: shard, through: through, gaps: IDGaps(shard == shards.keys.min() ? gaps : [])))
        }
        return position
    }

    @Test func idsPassedWithoutARowBecomeGapsUntilEveryTransactionThatCouldHoldThemEnded() {
        var position = Self.position(shards: [0: 0])
        let sent = position.advance(past: Self.read(at: position, xmin: 100, horizon: 105, next: [Self.seen(1), Self.seen(4), Self.seen(5)]))
        #expect(sent.map(\.id) == [1, 4, 5])
        #expect(position.cursor == 5)
        #expect(position.gaps.ranges == [IDGap(lower: 2, upper: 3, horizon: 105)])

        // Transaction 104 is still running: the gap stays, also with no new rows.
        _ = position.advance(past: Self.read(at: position, xmin: 104, horizon: 106, next: []))
        #expect(position.gaps.ranges == [IDGap(lower: 2, upper: 3, horizon: 105)])

        // Id 3 commits; id 2 never does, and once xmin passes 105 it is forgotten.
        let late = position.advance(past: Self.read(at: position, xmin: 105, horizon: 107, filled: [Self.seen(3)], next: [Self.seen(6)]))
        #expect(late.map(\.id) == [3, 6])
        #expect(position.gaps.isEmpty)
        #expect(position.mark == RelayPosition.Mark(through: 6, gaps: IDGaps()))
    }

    @Test func rowsOfOtherShardsCountAsSeenAndRowsAwaitingARetryAreLeftToTheRetryPath() {
        var position = Self.position(shards: [0: 0])
        let sent = position.advance(past: Self.read(at: position, xmin: 1, horizon: 2, next: [
            Self.seen(1), Self.seen(2, shard: 1, owned: false), Self.seen(3, awaitsRetry: true), Self.seen(4),
        ]))
        #expect(sent.map(\.id) == [1, 4])
        #expect(position.gaps.isEmpty)
        #expect(position.cursor == 4)
    }

    @Test func aShardTakenOverBehindTheCursorIsReadFromItsMarkWithoutResendingTheOthers() {
        var position = Self.position(shards: [0: 0])
        _ = position.advance(past: Self.read(at: position, xmin: 10, horizon: 11, next: (1...10).map { Self.seen($0, shard: Int($0 % 2)) }))
        #expect(position.cursor == 10)
        // Shard 1's last owner stopped at 4, with 3 not visible then.
        position.adopt(ShardMark(shard: 1, through: 4, gaps: IDGaps([IDGap(lower: 3, upper: 3, horizon: 20)])))
        #expect(position.cursor == 4)
        let sent = position.advance(past: Self.read(at: position, xmin: 12, horizon: 13, filled: [Self.seen(3, shard: 1)], next: (5...12).map {
            Self.seen($0, shard: Int($0 % 2))
        }))
        // Shard 0's rows up to 10 went out before; shard 1's from 5 on, and 3 from its gap, did not.
        #expect(sent.map(\.id) == [3, 5, 7, 9, 11, 12])
        #expect(position.gaps.isEmpty)
    }

    @Test func aGapAboveTheCursorIsKeptUntilTheCursorHasLookedThroughIt() {
        var position = Self.position(shards: [0: 2, 1: 10], gaps: [])
        position.adopt(ShardMark(shard: 1, through: 10, gaps: IDGaps([IDGap(lower: 7, upper: 7, horizon: 1)])))
        #expect(position.cursor == 2)
        // Its horizon is long past, but the read looked only up to 4.
        _ = position.advance(past: Self.read(at: position, xmin: 50, horizon: 51, next: [Self.seen(3), Self.seen(4)]))
        #expect(position.gaps.ranges == [IDGap(lower: 7, upper: 7, horizon: 1)])
        let sent = position.advance(past: Self.read(at: position, xmin: 50, horizon: 51, next: (5...8).map { Self.seen($0, shard: 1) }))
        // Shard 1 is delivered through 10 except 7.
        #expect(sent.map(\.id) == [7])
    }

    @Test func aReadIssuedBeforeThePreviousWasTakenInNeitherSettlesItsGapsNorResendsWhatItFilled() {
        var position = Self.position(shards: [0: 0])
        _ = position.advance(past: Self.read(at: position, xmin: 5, horizon: 6, next: [Self.seen(1), Self.seen(3)]))
        #expect(position.gaps.ranges == [IDGap(lower: 2, upper: 2, horizon: 6)])
        // Both issued before either was taken in: each looked up gap 2 and found its row committed.
        let issuedAt = position
        let first = Self.read(at: issuedAt, xmin: 7, horizon: 8, filled: [Self.seen(2)], next: [Self.seen(5), Self.seen(6)])
        #expect(position.advance(past: first).map(\.id) == [2, 5, 6])
        #expect(position.gaps.ranges == [IDGap(lower: 4, upper: 4, horizon: 8)])
        var second = Self.read(at: issuedAt, xmin: 9, horizon: 10, filled: [Self.seen(2)], next: [Self.seen(7)])
        second.checked = OutboxRead.checked(gaps: issuedAt.gaps.bounds(through: 6), after: 6, through: 7)
        // Gap 4 was found after the second read was issued: its xmin, past 8, does not settle it.
        #expect(position.advance(past: second).map(\.id) == [7])
        #expect(position.gaps.ranges == [IDGap(lower: 4, upper: 4, horizon: 8)])
    }

    @Test func gapsMergeSplitAndSettle() {
        var gaps = IDGaps()
        gaps.insert(IDGap(lower: 10, upper: 20, horizon: 5))
        gaps.insert(IDGap(lower: 1, upper: 3, horizon: 9))
        gaps.insert(IDGap(lower: 15, upper: 25, horizon: 7))
        #expect(gaps.ranges == [IDGap(lower: 1, upper: 3, horizon: 9), IDGap(lower: 10, upper: 25, horizon: 7)])
        gaps.remove(12)
        #expect(gaps.ranges == [
            IDGap(lower: 1, upper: 3, horizon: 9), IDGap(lower: 10, upper: 11, horizon: 7), IDGap(lower: 13, upper: 25, horizon: 7),
        ])
        #expect(gaps.contains(2) && !gaps.contains(12) && gaps.contains(25) && !gaps.contains(26))
        #expect(gaps.bounds(through: 14).lower == [1, 10, 13] && gaps.bounds(through: 14).upper == [3, 11, 14])
        gaps.settle(xmin: 8, checked: [0...30])
        #expect(gaps.ranges == [IDGap(lower: 1, upper: 3, horizon: 9)])
        #expect(gaps.horizon == 9)
    }
}
