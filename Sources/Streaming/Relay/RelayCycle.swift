import Kafka
import Postgres

/// One relay cycle's batches on their way: those in flight, the tally of their delivery outcomes, the
/// marks of delivered rows under way, and where the next read starts.
///
/// Batches are settled oldest first, so a key's failure is tallied before its later rows are counted,
/// and a row is marked published only after its delivery report.
struct RelayCycle {
    /// Most batches in flight, and most marks under way, before the cycle waits for the oldest.
    let window: Int
    let marker: PostgresConnection
    let metrics: StreamingMetrics
    private(set) var tally = DeliveryTally()
    /// Where the next read starts: past the rows in flight, which are still unpublished. It restarts
    /// from the lowest unpublished id at every cycle and every rebalance: a row can commit after rows
    /// with higher ids (its transaction started earlier and ran longer), and a cursor that only moved
    /// forward would pass it by for good.
    private(set) var cursor = OutboxRow.beforeFirstID
    private var inFlight = DeliveryWindow()
    private var marks = PendingMarks()

    init(window: Int, marker: PostgresConnection, metrics: StreamingMetrics) {
        self.window = window
        self.marker = marker
        self.metrics = metrics
    }

    var hasFailures: Bool { tally.hasFailures }

    /// Hands the rows to the producer; the next read starts after them.
    mutating func send(_ rows: [OutboxRow], with producer: KafkaProducer, in group: inout DeliveryTasks) async {
        guard let last = rows.last else { return }
        cursor = last.id
        await inFlight.send(rows, with: producer, in: &group)
    }

    /// Settles the oldest batch when the window is full, and waits for the oldest mark when as many
    /// are under way.
    mutating func makeRoom(in group: inout DeliveryTasks) async throws {
        if inFlight.count >= window { try await settleOldest(in: &group) }
        if marks.count >= window { try await marks.awaitOldest() }
    }

    /// Settles every batch in flight and waits for every mark, so that nothing of this relay's is
    /// under way afterwards: its shards may change hands, or the cycle end.
    mutating func drain(in group: inout DeliveryTasks) async throws {
        while !inFlight.isEmpty { try await settleOldest(in: &group) }
        try await marks.awaitAll()
    }

    /// Reads from the lowest unpublished id again, as after a rebalance the shards are not the same.
    mutating func restartReading() {
        cursor = OutboxRow.beforeFirstID
    }

    private mutating func settleOldest(in group: inout DeliveryTasks) async throws {
        guard let (batch, outcomes) = try await inFlight.settleOldest(in: &group) else { return }
        batch.spans?.end(outcomes)
        let delivered = tally.sort(batch.rows, outcomes)
        guard !delivered.isEmpty else { return }
        marks.start(delivered, sentAt: batch.sentAt, on: marker, metrics: metrics)
    }
}
