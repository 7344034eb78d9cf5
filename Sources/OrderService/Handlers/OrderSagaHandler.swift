import Events
import Foundation
import Streaming

/// Applies payment, stock and shipment facts to an order and emits what they decide: confirmed when
/// both payment and stock succeeded, cancelled as soon as either failed, shipped once scheduled.
/// The saga's duration (placed to confirmed or cancelled) is recorded as the decision is taken; a batch
/// redone after a failure may record it a second time, which a percentile does not notice.
struct OrderSagaHandler: Sendable {
    enum Fact: Sendable {
        case payment(PaymentFact)
        case stock(StockFact)
        case shipment(UUID)
    }

    func apply(_ fact: Fact, orderID: UUID, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let store = OrderStore(transaction: context.transaction)
        guard var order = try await store.lock(orderID) else {
            throw HandlerError.permanent("no order \(orderID.lowercased) on record", errorClass: "unknown_order")
        }
        let before = order.state
        switch fact {
        case .payment(let payment): order.state.record(payment)
        case .stock(let stock): order.state.record(stock)
        case .shipment(let id): order.state.recordShipment(id)
        }
        var emitted: [OutgoingEvent] = []
        var cancelReason: String?
        while let transition = order.state.nextTransition() {
            order.state.apply(transition)
            switch transition {
            case .confirm(let paymentID, let reservationID):
                context.metrics?.sagaCompleted(outcome: "confirmed", duration: order.age)
                emitted.append(try context.emit(OrderConfirmed(
                    orderId: orderID, paymentId: paymentID, reservationId: reservationID,
                    totalAmount: order.totalAmount, currency: order.currency)))
            case .cancel(let reason, let detail):
                context.metrics?.sagaCompleted(outcome: "cancelled", duration: order.age)
                cancelReason = reason.rawValue
                emitted.append(try context.emit(OrderCancelled(
                    orderId: orderID, reason: reason == .paymentDeclined ? .paymentDeclined : .outOfStock, detail: detail)))
            case .ship:
                break
            }
        }
        guard order.state != before else {
            context.logger.debug("fact already known or too late to matter")
            return []
        }
        try await store.save(order, cancelReason: cancelReason)
        try await store.recordHistory(orderID.lowercased, event: context.incoming, status: order.state.status, detail: cancelReason)
        return emitted
    }
}
