import Synchronization

/// Maps the per-message opaque that travels through librdkafka back to the `DeliveryBatch` waiting for it.
///
/// The opaque is a plain integer, not a pointer to a Swift object, so nothing has to be kept alive across
/// the C boundary: `token = batchID << indexBits | index`. Batch IDs start at 1, so a token is never 0
/// (which would read back as a NULL opaque).
final class DeliveryTracker: Sendable {
    static let indexBits = 24
    static let maxBatchSize = 1 << indexBits

    private struct State {
        var nextBatchID: UInt64 = 1
        var batches: [UInt64: DeliveryBatch] = [:]
    }

    private let state = Mutex(State())

    /// Registers a batch of at most `maxBatchSize` records.
    func register(_ batch: DeliveryBatch) -> UInt64 {
        state.withLock { state in
            let id = state.nextBatchID
            state.nextBatchID += 1
            state.batches[id] = batch
            return id
        }
    }

    func unregister(_ batchID: UInt64) {
        _ = state.withLock { $0.batches.removeValue(forKey: batchID) }
    }

    static func token(batchID: UInt64, index: Int) -> UInt {
        UInt(batchID << UInt64(indexBits) | UInt64(index))
    }

    /// Called from the delivery report callback on the producer's poll thread.
    func complete(token: UInt, with outcome: DeliveryBatch.Outcome) {
        let batchID = UInt64(token) >> UInt64(Self.indexBits)
        let index = Int(UInt64(token) & UInt64(Self.maxBatchSize - 1))
        let batch = state.withLock { $0.batches[batchID] }
        batch?.complete(index, with: outcome)
    }
}
