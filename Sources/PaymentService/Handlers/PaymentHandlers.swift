import Events
import Foundation
import Streaming

/// order.placed → authorize or decline; order.cancelled → refund an authorized payment, once.
struct PaymentHandlers: Sendable {
    func placed(_ event: Event<OrderPlaced>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let order = event.data
        let tx = context.transaction
        // One decision per order, whatever number of order.placed copies arrive.
        if try await !tx.query("SELECT 1 FROM payments WHERE order_id = $1", [.uuid(order.orderId)]).isEmpty {
            return []
        }
        // The customer's credit row is the lock that serializes their concurrent orders.
        try await tx.execute(
            "INSERT INTO customer_credit (customer_id) VALUES ($1) ON CONFLICT DO NOTHING", [.text(order.customerId)])
        let outstanding = try await tx.query(
            "SELECT outstanding FROM customer_credit WHERE customer_id = $1 FOR UPDATE", [.text(order.customerId)]
        ).first?["outstanding"].int64() ?? 0
        switch PaymentRules.decide(token: order.paymentToken, amount: order.totalAmount, outstanding: outstanding) {
        case .authorize:
            let paymentID = UUID()
            // Nothing below needs a result: the writes go out without waiting for each other.
            try await tx.enqueue(
                "UPDATE customer_credit SET outstanding = outstanding + $2 WHERE customer_id = $1",
                [.text(order.customerId), .int64(order.totalAmount)])
            try await tx.enqueue("""
                INSERT INTO payments (order_id, payment_id, customer_id, amount, currency, status)
                VALUES ($1, $2, $3, $4, $5, 'authorized')
                """, [.uuid(order.orderId), .uuid(paymentID), .text(order.customerId), .int64(order.totalAmount), .text(order.currency)])
            return [try context.emit(PaymentAuthorized(
                orderId: order.orderId, paymentId: paymentID, customerId: order.customerId,
                amount: order.totalAmount, currency: order.currency))]
        case .decline(let reason):
            try await tx.enqueue("""
                INSERT INTO payments (order_id, payment_id, customer_id, amount, currency, status, decline_reason)
                VALUES ($1, $2, $3, $4, $5, 'declined', $6)
                """, [.uuid(order.orderId), .uuid(UUID()), .text(order.customerId), .int64(order.totalAmount),
                      .text(order.currency), .text(reason.rawValue)])
            return [try context.emit(PaymentDeclined(
                orderId: order.orderId, customerId: order.customerId, reason: reason,
                amount: order.totalAmount, currency: order.currency))]
        }
    }

    func cancelled(_ event: Event<OrderCancelled>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let tx = context.transaction
        guard let payment = try await tx.query(
            "SELECT payment_id, customer_id, amount, currency, status FROM payments WHERE order_id = $1 FOR UPDATE",
            [.uuid(event.data.orderId)]
        ).first else {
            return []  // never authorized: nothing to refund
        }
        guard try payment["status"].string() == "authorized" else { return [] }
        let amount = try payment["amount"].int64()
        try await tx.enqueue(
            "UPDATE payments SET status = 'refunded', refunded_at = now() WHERE order_id = $1", [.uuid(event.data.orderId)])
        try await tx.enqueue(
            "UPDATE customer_credit SET outstanding = outstanding - $2 WHERE customer_id = $1",
            [.text(try payment["customer_id"].string()), .int64(amount)])
        return [try context.emit(PaymentRefunded(
            orderId: event.data.orderId, paymentId: try payment["payment_id"].uuid(), amount: amount,
            currency: try payment["currency"].string()))]
    }
}
