import Foundation
import Invariants
import OrderService
import Postgres
import Streaming

/// The parked-key scenario's own checks, once every order settled: the key's events against the payment
/// service's dedupe record, and the other orders' saga times from the order service's history.
enum ParkedKeyVerification {
    /// Orders placed in the first second are left out of the baseline: the stack's first batches warm
    /// its connections and would make the baseline look slower than it is.
    static let warmUp: TimeInterval = 1

    static func check(_ watch: ParkedKeyWatch, _ workload: FaultWorkload, _ stack: FaultScenarioStack) async -> ParkedKeyCheck {
        var check = ParkedKeyCheck(orderID: watch.orderID)
        check.notes = watch.problems
        check.settledAfterHeal = watch.settledAfterHeal
        let sightings = watch.sightings
        check.parked = sightings.map { .init(offset: $0.offset, eventType: $0.eventType, attempts: $0.attempts) }
        let ids = sightings.compactMap(\.eventID)
        if ids.count < sightings.count { check.notes.append("a parked message of the key carried no event id header") }
        do {
            let handled = try await PostgresConnection.withConnection(to: stack.databases.configuration(of: .payment)) { connection in
                try await HandledEvents(connection).handlings(of: ids)
            }
            check.handledTypes = handled.map(\.type)
            check.handledInOffsetOrder = handled.map(\.eventID) == ids
        } catch {
            check.notes.append("reading the payment service's handled events: \(error)")
        }
        guard let started = watch.publishingStartedAt, let poisoned = watch.poisonedAt, let healed = watch.healedAt else {
            check.notes.append("the fault was never injected and healed")
            return check
        }
        let others = workload.orders.map(\.storedID).filter { $0 != watch.orderID }
        do {
            let sagas = try await PostgresConnection.withConnection(to: stack.databases.configuration(of: .order)) { connection in
                try await OrderReads(connection).sagaTimes(of: others)
            }.values
            func durations(placedFrom start: Date, to end: Date) -> [TimeInterval] {
                sagas.filter { $0.placedAt >= start && $0.placedAt < end }.compactMap(\.duration)
            }
            check.before = ParkedKeyCheck.Latency(durations(placedFrom: started.addingTimeInterval(warmUp), to: poisoned))
            check.whileParked = ParkedKeyCheck.Latency(durations(placedFrom: poisoned, to: healed))
        } catch {
            check.notes.append("reading the order service's saga times: \(error)")
        }
        return check
    }
}
