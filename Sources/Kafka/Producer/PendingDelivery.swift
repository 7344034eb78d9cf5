/// Records `KafkaProducer.enqueue` has handed to librdkafka, in the order given, whose delivery
/// reports are still to come.
///
/// Handing over and waiting are apart so that a caller can hand over several batches one after another
/// and wait for them concurrently: per partition librdkafka keeps the order records were handed over in,
/// and that is the only order a key's records keep. Waiting for each batch's handover in a task of its
/// own lets two batches interleave.
public final class PendingDelivery: Sendable {
    private let chunks: [(batch: DeliveryBatch, id: UInt64)]
    private let tracker: DeliveryTracker

    init(chunks: [(batch: DeliveryBatch, id: UInt64)], tracker: DeliveryTracker) {
        self.chunks = chunks
        self.tracker = tracker
    }

    deinit {
        for chunk in chunks { tracker.unregister(chunk.id) }
    }

    /// The outcome of every record, in the order they were handed over.
    public func outcomes() async -> [Result<DeliveryReport, KafkaError>] {
        var outcomes: [Result<DeliveryReport, KafkaError>] = []
        for chunk in chunks { outcomes += await chunk.batch.outcomes() }
        return outcomes
    }
}
