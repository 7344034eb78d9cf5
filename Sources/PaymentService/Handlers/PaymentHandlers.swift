import Events
import Foundation
import Streaming

/// order.placed → authorize or decline; order.cancelled → refund an authorized payment, once.
struct PaymentHandlers: Sendable {
    func placed(_ event: Event<OrderPlaced>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let order = event.data
        let store = PaymentStore(transaction: context.transaction)
        // One decision per order, whatever number of order.placed copies arrive.
        if try await store.hasPayment(for: order.orderId) { return [] }
        let outstanding = try await store.lockCredit(of: order.customerId)
        switch PaymentRules.decide(token: order.paymentToken, amount: order.totalAmount, outstanding: outstanding) {
        case .authorize:
            let paymentID = UUID()
            try await store.authorize(
                orderID: order.orderId, paymentID: paymentID, customerID: order.customerId, amount: order.totalAmount,
                currency: order.currency)
            return [try context.emit(PaymentAuthorized(
                orderId: order.orderId, paymentId: paymentID, customerId: order.customerId,
                amount: order.totalAmount, currency: order.currency))]
        case .decline(let reason):
            try await store.decline(
                orderID: order.orderId, customerID: order.customerId, amount: order.totalAmount, currency: order.currency,
                reason: reason.rawValue)
            return [try context.emit(PaymentDeclined(
                orderId: order.orderId, customerId: order.customerId, reason: reason,
                amount: order.totalAmount, currency: order.currency))]
        }
    }

    func cancelled(_ event: Event<OrderCancelled>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let store = PaymentStore(transaction: context.transaction)
        // Never authorized, or refunded already: nothing to refund.
        guard let payment = try await store.lockPayment(of: event.data.orderId), payment.status == .authorized else { return [] }
        try await store.refund(orderID: event.data.orderId, payment)
        return [try context.emit(PaymentRefunded(
            orderId: event.data.orderId, paymentId: payment.paymentID, amount: payment.amount, currency: payment.currency))]
    }
}
