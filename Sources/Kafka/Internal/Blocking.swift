import Dispatch

/// Runs a blocking librdkafka call on `queue` (never on Swift's small cooperative pool) and awaits it.
func runBlocking<T: Sendable>(
    on queue: DispatchQueue, _ body: @escaping @Sendable () -> Result<T, KafkaError>
) async -> Result<T, KafkaError> {
    await withCheckedContinuation { continuation in
        queue.async { continuation.resume(returning: body()) }
    }
}

/// Runs a blocking call that cannot fail on `queue` and awaits it.
func runBlocking(on queue: DispatchQueue, _ body: @escaping @Sendable () -> Void) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        queue.async {
            body()
            continuation.resume()
        }
    }
}
