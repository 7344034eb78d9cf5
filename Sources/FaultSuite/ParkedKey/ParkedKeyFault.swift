import Events
import Foundation
import LocalStack
import PaymentProvider
import Postgres
import Streaming

/// The parked-key scenario's fault: a third into the publish window the payment provider starts answering
/// 503 to every charge and refund of one out-of-stock order (an operator could do the same with
/// `orderflow dev psp --fail-reference`). The payment service parks that order's key; the inventory
/// rejects the order, so the order service cancels it, and that order.cancelled reaches the payment
/// service while its order.placed is still parked: it must queue behind it, since a refund looked for
/// before the charge finds nothing and the charge then stays on a cancelled order. While the fault lasts,
/// the key's parked messages are read from the payment database every 200 ms; after the heal, the time
/// until the key has drained (nothing parked, every sighted event handled) is measured.
struct ParkedKeyFault: FaultInjector {
    let plan: FaultScenarioPlan
    let watch: ParkedKeyWatch

    static let sightingInterval: Duration = .milliseconds(200)
    static let settleLimit: Duration = .seconds(60)

    func inject(into stack: FaultScenarioStack, log: FaultLog) async throws(FaultRunError) {
        guard let provider = stack.provider else { throw .injection("the stack runs no payment provider") }
        watch.publishingStarted()
        await pause(plan.publishWindow / 3)
        let reference = watch.orderID
        do {
            try await provider.apply(FaultSettings(failReference: reference))
        } catch {
            throw .injection("poisoning order \(reference) at the provider: \(error)")
        }
        watch.poisoned()
        log.record("payment provider: 503 for every charge and refund of order \(reference) (out of stock: its cancellation follows)")
        let payments = stack.databases.configuration(of: .payment)
        let healAt = ContinuousClock.now + plan.faultDuration
        while ContinuousClock.now < healAt {
            await sight(in: payments)
            try? await Task.sleep(for: Self.sightingInterval)
        }
        do {
            try await provider.reset()
        } catch {
            throw .injection("healing the provider: \(error)")
        }
        let healed = ContinuousClock.now
        watch.healed()
        log.record("payment provider answers order \(reference) again")
        log.cleared()
        if await waitUntilDrained(payments, deadline: healed + Self.settleLimit) {
            watch.settled(after: .now - healed)
        } else {
            watch.problem("the key was still parked or unhandled \(FaultFormat.seconds(Self.settleLimit)) after the heal")
        }
    }

    /// Notes the key's parked messages in the payment database as they are now.
    private func sight(in payments: PostgresConfiguration) async {
        do {
            for parked in try await parkedMessages(in: payments) {
                let headers = parked.message.headers
                watch.saw(ParkedKeyWatch.Sighting(
                    partition: parked.message.partition, offset: parked.message.offset,
                    eventID: headers.string(named: EventHeaders.id).flatMap(UUID.init(uuidString:)),
                    eventType: headers.string(named: EventHeaders.type) ?? "?", attempts: parked.attempts))
            }
        } catch {
            watch.problem("reading the parked messages: \(error)")
        }
    }

    private func parkedMessages(in payments: PostgresConfiguration) async throws -> [ParkedMessage] {
        let orderID = watch.orderID
        return try await PostgresConnection.withConnection(to: payments) { connection in
            try await ParkedMessages(connection).list().filter { $0.key.lowercased() == orderID }
        }
    }

    /// True once nothing of the key is parked and every message sighted parked has been handled.
    private func waitUntilDrained(_ payments: PostgresConfiguration, deadline: ContinuousClock.Instant) async -> Bool {
        let ids = watch.sightings.compactMap(\.eventID)
        while ContinuousClock.now < deadline {
            if let parked = try? await parkedMessages(in: payments), parked.isEmpty,
               let handled = try? await PostgresConnection.withConnection(to: payments, { try await HandledEvents($0).handlings(of: ids) }),
               Set(handled.map(\.eventID)) == Set(ids) {
                return true
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
