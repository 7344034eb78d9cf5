import Kafka

/// A batch of outbox rows handed to the producer.
struct SentBatch: Sendable {
    let sequence: Int
    let kind: BatchKind
    let rows: [OutboxRow]
    let sentAt: ContinuousClock.Instant
    /// The rows' producer spans, when tracing is on.
    let spans: PublishSpans?
}

/// What a send task hands back: the delivery outcomes of one batch, in row order.
struct DeliveredBatch: Sendable {
    let sequence: Int
    let outcomes: [Result<DeliveryReport, KafkaError>]
}

/// The tasks awaiting the delivery reports of a cycle's batches.
typealias DeliveryTasks = ThrowingTaskGroup<DeliveredBatch, any Error>

/// Batches sent and not yet settled, oldest first. A read that found nothing to send is a batch too, of
/// no rows: its mark must still follow the marks of the batches before it. Send tasks may finish in any
/// order; outcomes that arrive before an older batch's wait here, so batches are always settled oldest
/// first and a key's failure is known before its later rows are counted.
struct DeliveryWindow {
    private var pending: [SentBatch] = []
    private var arrived: [Int: [Result<DeliveryReport, KafkaError>]] = [:]
    private var nextSequence = 0

    var count: Int { pending.count }
    var isEmpty: Bool { pending.isEmpty }

    /// Hands the batch to the producer on the caller's task, so batches enter librdkafka in the order
    /// they were read (handed over inside child tasks, two batches could interleave and put a key's
    /// later row ahead of its earlier one); a child task then waits for the delivery reports. The
    /// database connection stays with the caller, which runs one statement at a time.
    mutating func send(
        _ rows: [OutboxRow], as kind: BatchKind, with producer: KafkaProducer, in group: inout DeliveryTasks
    ) async {
        let sequence = nextSequence
        nextSequence += 1
        pending.append(SentBatch(sequence: sequence, kind: kind, rows: rows, sentAt: .now, spans: PublishSpans.start(rows)))
        let delivery = await producer.enqueue(rows.map(\.record))
        group.addTask { DeliveredBatch(sequence: sequence, outcomes: await delivery.outcomes()) }
    }

    /// Waits for the oldest batch's delivery outcomes; nil when nothing is in flight.
    mutating func settleOldest(
        in group: inout DeliveryTasks
    ) async throws -> (batch: SentBatch, outcomes: [Result<DeliveryReport, KafkaError>])? {
        guard let oldest = pending.first else { return nil }
        while arrived[oldest.sequence] == nil {
            guard let delivered = try await group.next() else {
                throw RelayError.sendTaskMissing(sequence: oldest.sequence)
            }
            arrived[delivered.sequence] = delivered.outcomes
        }
        pending.removeFirst()
        let outcomes = arrived.removeValue(forKey: oldest.sequence) ?? []
        return (oldest, outcomes)
    }
}

enum RelayError: Error, CustomStringConvertible {
    /// The task group ran out of tasks while a batch was still awaited: a bookkeeping bug, reported
    /// rather than trapped; the rows stay unpublished and are sent again.
    case sendTaskMissing(sequence: Int)
    /// A locked shard has no stored mark, not even from the baseline: the outbox migrations did not run.
    case markMissing(shard: Int)

    var description: String {
        switch self {
        case .sendTaskMissing(let sequence): "no send task left for in-flight relay batch \(sequence)"
        case .markMissing(let shard): "outbox shard \(shard) has no delivery mark (outbox_marks); run the migrations"
        }
    }
}
