import Foundation

// The provider's API as this client reads it. The provider is another company's system in production:
// these types are the payment service's own view of its contract, not shared code.

struct ProviderChargeRequest: Encodable, Sendable {
    var reference: String
    var customerId: String
    var amount: Int64
    var currency: String
    var paymentToken: String
}

struct ProviderRefundRequest: Encodable, Sendable {
    var reference: String
    var reason: String
}

struct ProviderCharge: Decodable, Sendable {
    var id: UUID
    var status: String
    var declineReason: String?
}

struct ProviderRefund: Decodable, Sendable {
    var id: UUID
}

struct ProviderProblemBody: Decodable, Sendable {
    var error: String
    var detail: String?
}

/// What a charge came to.
enum ChargeOutcome: Sendable, Equatable {
    case authorized(chargeID: UUID)
    case declined(chargeID: UUID, reason: String)
}

/// What a refund came to.
enum RefundOutcome: Sendable, Equatable {
    case refunded(refundID: UUID)
    /// Refunded before under another key.
    case alreadyRefunded
    /// The provider holds no authorized charge for the order (it was declined, or never charged).
    case nothingToRefund
}

/// Why an order's money goes back; part of the refund's idempotency key.
enum RefundReason: String, Sendable {
    case orderCancelled = "order_cancelled"
}
