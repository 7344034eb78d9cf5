import Synchronization

/// Whether the group may have parked messages. While it is false (the common case) a batch skips the
/// query for parked keys. The loop marks it after committing a batch that parked something, and the
/// parked-message worker sets it from the table about once a second, which covers keys another
/// replica parked.
final class ParkingHint: Sendable {
    private struct State {
        var mayHaveParked = true
        /// Batches that parked something, so a look at the table that began before one of them
        /// committed cannot clear the hint it set.
        var parkings = 0
        var figures: ParkedMessageStore.Statistics?
    }

    private let state = Mutex(State())

    var isSet: Bool { state.withLock { $0.mayHaveParked } }

    /// The worker's last count, for `/readyz`.
    var figures: ParkedMessageStore.Statistics? {
        get { state.withLock { $0.figures } }
        set { state.withLock { $0.figures = newValue } }
    }

    /// After the commit of a batch that parked messages.
    func parked() {
        state.withLock {
            $0.mayHaveParked = true
            $0.parkings += 1
        }
    }

    /// Taken before looking at the table.
    func snapshot() -> Int { state.withLock { $0.parkings } }

    /// What the table said, looked at after `snapshot`.
    func update(found: Bool, since snapshot: Int) {
        state.withLock {
            if found {
                $0.mayHaveParked = true
            } else if $0.parkings == snapshot {
                $0.mayHaveParked = false
            }
        }
    }
}
