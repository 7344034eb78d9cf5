import Kafka
import Postgres

/// One relay cycle's batches on their way: those in flight, the tally of their delivery outcomes, and
/// the marks of settled batches under way.
///
/// Batches are settled oldest first, so a key's failure is tallied before its later rows are counted,
/// and a shard's mark moves past a row only after its delivery report (or once it is set aside for a
/// retry).
struct RelayCycle {
    /// Most batches in flight before the cycle waits for the oldest.
    let window: Int
    let connection: PostgresConnection
    let metrics: StreamingMetrics
    /// The shards whose marks settled batches move; fixed between drains.
    var shards: Set<Int>
    private(set) var tally = DeliveryTally()
    private var inFlight = DeliveryWindow()
    private var marks = DeliveryMarks()

    init(window: Int, connection: PostgresConnection, shards: Set<Int>, metrics: StreamingMetrics) {
        self.window = window
        self.connection = connection
        self.shards = shards
        self.metrics = metrics
    }

    var hasFailures: Bool { tally.hasFailures }

    /// Hands the rows to the producer.
    mutating func send(_ rows: [OutboxRow], as kind: BatchKind, with producer: KafkaProducer, in group: inout DeliveryTasks) async {
        await inFlight.send(rows, as: kind, with: producer, in: &group)
    }

    /// Settles the oldest batch when the window is full.
    mutating func makeRoom(in group: inout DeliveryTasks) async throws {
        if inFlight.count >= window { try await settleOldest(in: &group) }
    }

    /// Settles every batch in flight and waits for every mark, so that nothing of this relay's is
    /// under way afterwards: its shards may change hands, or the cycle end.
    mutating func drain(in group: inout DeliveryTasks) async throws {
        while !inFlight.isEmpty { try await settleOldest(in: &group) }
        try await marks.awaitAll()
    }

    private mutating func settleOldest(in group: inout DeliveryTasks) async throws {
        guard let (batch, outcomes) = try await inFlight.settleOldest(in: &group) else { return }
        batch.spans?.end(outcomes)
        let delivered = tally.sort(batch.rows, outcomes)
        try await marks.start(batch.kind, delivered, shards: shards, sentAt: batch.sentAt, on: connection, metrics: metrics)
    }
}
