import Kafka
import Postgres

/// Settles in-flight batches oldest first: awaits their delivery reports, tallies failures in order (a
/// key's failure is known before its later rows are counted), and starts marking the delivered rows.
struct Settlement {
    let marker: PostgresConnection
    let metrics: StreamingMetrics

    func all(
        _ inFlight: inout DeliveryWindow, in group: inout ThrowingTaskGroup<DeliveredBatch, any Error>,
        tally: inout DeliveryTally, marks: inout PendingMarks
    ) async throws {
        while !inFlight.isEmpty {
            try await oldest(&inFlight, in: &group, tally: &tally, marks: &marks)
        }
    }

    func oldest(
        _ inFlight: inout DeliveryWindow, in group: inout ThrowingTaskGroup<DeliveredBatch, any Error>,
        tally: inout DeliveryTally, marks: inout PendingMarks
    ) async throws {
        guard let (batch, outcomes) = try await inFlight.settleOldest(in: &group) else { return }
        let delivered = tally.sort(batch.rows, outcomes)
        guard !delivered.isEmpty else { return }
        marks.start(delivered, sentAt: batch.sentAt, on: marker, metrics: metrics)
    }
}
