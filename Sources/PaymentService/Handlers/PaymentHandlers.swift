import Events
import Foundation
import Streaming

/// order.placed → charge at the provider, record the authorization or decline; order.cancelled → refund
/// an authorized payment at the provider, record it, once.
///
/// Each handler comes in two parts, and their order is the point. The provider call runs first, outside
/// any database transaction (`EventHandlers.on(_:prepare:handle:)`): a call may take up to its deadline
/// times its tries, and a transaction held open that long would hold its locks and a connection for
/// every message of the batch behind it. Only then does the batch's transaction record the answer, dedupe
/// the event and write the outgoing event, all or nothing.
///
/// What that ordering leaves open, the idempotency key closes: if the process dies after the provider
/// answered and before the transaction committed, or the transaction fails, or a rebalance gives the order
/// to another replica, the event comes again, the call is repeated with the same key, and the provider
/// answers with its first answer rather than charging or refunding again. The other ordering (record
/// first, call after the commit) would need a second transaction and a state for "called, answer unknown";
/// this one needs neither.
struct PaymentHandlers: Sendable {
    let provider: PaymentProviderClient

    func charge(_ event: Event<OrderPlaced>, _ context: PreparationContext) async throws -> ChargeOutcome {
        try await provider.charge(event.data, log: context.logger)
    }

    func placed(_ event: Event<OrderPlaced>, _ charge: ChargeOutcome, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let order = event.data
        let store = PaymentStore(transaction: context.transaction)
        // One decision per order, whatever number of order.placed copies arrive.
        if try await store.hasPayment(for: order.orderId) { return [] }
        switch charge {
        case .authorized(let chargeID):
            try await store.authorize(
                orderID: order.orderId, paymentID: chargeID, customerID: order.customerId, amount: order.totalAmount,
                currency: order.currency)
            return [try context.emit(PaymentAuthorized(
                orderId: order.orderId, paymentId: chargeID, customerId: order.customerId,
                amount: order.totalAmount, currency: order.currency))]
        case .declined(let chargeID, let reasonWord):
            guard let reason = PaymentDeclined.Reason(rawValue: reasonWord) else {
                throw HandlerError.permanent("the provider declined for a reason without a word in the contract: \(reasonWord)",
                                             errorClass: "provider_unknown_decline_reason")
            }
            try await store.decline(
                orderID: order.orderId, paymentID: chargeID, customerID: order.customerId, amount: order.totalAmount,
                currency: order.currency, reason: reason.rawValue)
            return [try context.emit(PaymentDeclined(
                orderId: order.orderId, customerId: order.customerId, reason: reason,
                amount: order.totalAmount, currency: order.currency))]
        }
    }

    /// Asked for every cancelled order: the provider knows whether it holds a charge to give back (a
    /// declined order's answer is "nothing to refund"), and the payment may not be recorded yet when its
    /// order.placed is in the same batch.
    func refund(_ event: Event<OrderCancelled>, _ context: PreparationContext) async throws -> RefundOutcome {
        try await provider.refund(orderID: event.data.orderId, reason: .orderCancelled, log: context.logger)
    }

    func cancelled(_ event: Event<OrderCancelled>, _ refund: RefundOutcome, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let store = PaymentStore(transaction: context.transaction)
        // Never authorized, or refunded already: nothing to record.
        guard let payment = try await store.lockPayment(of: event.data.orderId), payment.status == .authorized else { return [] }
        if case .nothingToRefund = refund {
            throw HandlerError.permanent(
                "the provider holds no charge for the authorized payment \(payment.paymentID)", errorClass: "provider_charge_missing")
        }
        try await store.refund(orderID: event.data.orderId)
        return [try context.emit(PaymentRefunded(
            orderId: event.data.orderId, paymentId: payment.paymentID, amount: payment.amount, currency: payment.currency))]
    }
}
