import Foundation
import Kafka
import OrderTraffic
import Synchronization

/// What `orders produce` has sent so far, shared between the send tasks, the progress line and the
/// outcome watcher.
final class ProducedOrders: Sendable {
    struct Order: Sendable {
        var scenario: OrderScenario
        var orderID: String
        var correlationID: String
        var ackedAt: ContinuousClock.Instant?
        var failed: Bool
    }

    struct Counts: Sendable {
        var sent = 0
        var acked = 0
        var failed = 0
    }

    private struct State {
        var orders: [Order] = []
        var counts = Counts()
        var firstError: String?
    }

    private let state = Mutex(State())

    /// Registers orders about to be sent; returns the index of the first.
    func registerSent(_ orders: [GeneratedOrder]) -> Int {
        state.withLock { state in
            let start = state.orders.count
            state.orders += orders.map {
                Order(scenario: $0.scenario, orderID: $0.key, correlationID: $0.event.metadata.correlationID, ackedAt: nil, failed: false)
            }
            state.counts.sent += orders.count
            return start
        }
    }

    func recordResults(_ results: [Result<DeliveryReport, KafkaError>], startingAt start: Int, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            for (offset, result) in results.enumerated() {
                let index = start + offset
                guard index < state.orders.count else { continue }
                switch result {
                case .success:
                    state.orders[index].ackedAt = instant
                    state.counts.acked += 1
                case .failure(let error):
                    state.orders[index].failed = true
                    state.counts.failed += 1
                    if state.firstError == nil { state.firstError = KafkaErrorText.describe(error) }
                }
            }
        }
    }

    var counts: Counts { state.withLock { $0.counts } }
    var firstError: String? { state.withLock { $0.firstError } }
    var orders: [Order] { state.withLock { $0.orders } }
}
