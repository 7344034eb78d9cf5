import Dispatch

/// Runs a blocking call (a broker shutdown waits for the mock's thread) on a thread of its own, never on
/// Swift's small cooperative pool.
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}
