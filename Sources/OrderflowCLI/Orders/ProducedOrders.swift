import Foundation
import Kafka
import OrderService
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
        /// A terminal outcome the order API answered at once (422: rejected as invalid), so there is
        /// no event to wait for.
        var answered: ObservedOutcome? = nil
    }

    /// What the order API answered for one order (`orders produce --via api`).
    enum APIAnswer: Sendable {
        /// 202: the API assigned the correlation id the order's events carry.
        case accepted(correlationID: String)
        /// 422: refused as invalid; the order ends there.
        case rejected
        case failed(String)
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

    func recordAPIAnswer(_ answer: APIAnswer, at index: Int, answeredAt instant: ContinuousClock.Instant) {
        state.withLock { state in
            guard index < state.orders.count else { return }
            switch answer {
            case .accepted(let correlationID):
                state.orders[index].correlationID = correlationID
                state.orders[index].ackedAt = instant
                state.counts.acked += 1
            case .rejected:
                state.orders[index].answered = ObservedOutcome(status: OrderStatus.rejected.rawValue)
                state.orders[index].ackedAt = instant
                state.counts.acked += 1
            case .failed(let error):
                state.orders[index].failed = true
                state.counts.failed += 1
                if state.firstError == nil { state.firstError = error }
            }
        }
    }

    var counts: Counts { state.withLock { $0.counts } }
    var firstError: String? { state.withLock { $0.firstError } }
    var orders: [Order] { state.withLock { $0.orders } }
}
