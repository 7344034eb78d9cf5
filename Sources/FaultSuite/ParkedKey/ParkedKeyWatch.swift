import Foundation
import Invariants
import OrderTraffic
import Synchronization

/// What the parked-key scenario saw while it ran, shared between its injector (which poisons, watches the
/// payment service's parked messages and heals) and the runner's checks afterwards.
final class ParkedKeyWatch: Sendable {
    /// A parked message of the poisoned key, as seen in the payment database while the key was parked.
    struct Sighting: Sendable, Hashable, Comparable {
        var partition: Int32
        var offset: Int64
        var eventID: UUID?
        var eventType: String
        /// The most attempts seen on it: above 0 for the failing head, 0 for a message queued behind it.
        var attempts: Int

        static func < (lhs: Sighting, rhs: Sighting) -> Bool { (lhs.partition, lhs.offset) < (rhs.partition, rhs.offset) }
    }

    private struct State {
        var publishingStartedAt: Date?
        var poisonedAt: Date?
        var healedAt: Date?
        var settledAfterHeal: Duration?
        var sightings: [Int64: Sighting] = [:]
        var problems: [String] = []
    }

    /// The out-of-stock order whose charges fail: its cancellation follows on the same key while it is parked.
    let order: GeneratedOrder
    private let state = Mutex(State())

    init(order: GeneratedOrder) { self.order = order }

    /// The order id as the services key and reference it.
    var orderID: String { order.storedID }

    func publishingStarted() { state.withLock { $0.publishingStartedAt = Date() } }
    func poisoned() { state.withLock { $0.poisonedAt = Date() } }
    func healed() { state.withLock { $0.healedAt = Date() } }
    func settled(after duration: Duration) { state.withLock { $0.settledAfterHeal = duration } }
    func problem(_ text: String) { state.withLock { $0.problems.append(text) } }

    func saw(_ sighting: Sighting) {
        state.withLock { state in
            var seen = state.sightings[sighting.offset] ?? sighting
            seen.attempts = max(seen.attempts, sighting.attempts)
            state.sightings[sighting.offset] = seen
        }
    }

    var publishingStartedAt: Date? { state.withLock { $0.publishingStartedAt } }
    var poisonedAt: Date? { state.withLock { $0.poisonedAt } }
    var healedAt: Date? { state.withLock { $0.healedAt } }
    var settledAfterHeal: Duration? { state.withLock { $0.settledAfterHeal } }
    var problems: [String] { state.withLock { $0.problems } }
    /// In offset order.
    var sightings: [Sighting] { state.withLock { $0.sightings.values.sorted() } }
}
