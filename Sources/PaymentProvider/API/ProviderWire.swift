import Foundation

// The provider's API as JSON: what a client sends and what it gets back. Public so clients and tools
// (the payment service's client, the fault suite's checks, `orderflow dev psp`) share one definition.

/// POST /v1/charges: authorize an amount on a payment token.
public struct ChargeRequest: Codable, Sendable, Equatable {
    /// The merchant's reference for what is paid (orderflow: the order id); refunds name it.
    public var reference: String
    public var customerId: String
    public var amount: Int64
    public var currency: String
    public var paymentToken: String

    public init(reference: String, customerId: String, amount: Int64, currency: String, paymentToken: String) {
        self.reference = reference
        self.customerId = customerId
        self.amount = amount
        self.currency = currency
        self.paymentToken = paymentToken
    }
}

/// POST /v1/refunds: give back the whole authorized charge of a reference.
public struct RefundRequest: Codable, Sendable, Equatable {
    public var reference: String
    public var reason: String

    public init(reference: String, reason: String) {
        self.reference = reference
        self.reason = reason
    }
}

/// A charge as the provider holds it (the answer to a charge, and a row of GET /v1/charges).
public struct ChargeView: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case authorized, declined, refunded
    }

    public var id: UUID
    public var reference: String
    public var customerId: String
    public var amount: Int64
    public var currency: String
    public var status: Status
    public var declineReason: DeclineReason?
    public var refundId: UUID?
    public var refundReason: String?

    public init(
        id: UUID, reference: String, customerId: String, amount: Int64, currency: String, status: Status,
        declineReason: DeclineReason? = nil, refundId: UUID? = nil, refundReason: String? = nil
    ) {
        self.id = id
        self.reference = reference
        self.customerId = customerId
        self.amount = amount
        self.currency = currency
        self.status = status
        self.declineReason = declineReason
        self.refundId = refundId
        self.refundReason = refundReason
    }
}

/// The answer to a refund that was made.
public struct RefundView: Codable, Sendable, Equatable {
    public var id: UUID
    public var chargeId: UUID
    public var reference: String
    public var amount: Int64
    public var currency: String
    public var reason: String

    public init(id: UUID, chargeId: UUID, reference: String, amount: Int64, currency: String, reason: String) {
        self.id = id
        self.chargeId = chargeId
        self.reference = reference
        self.amount = amount
        self.currency = currency
        self.reason = reason
    }
}

/// GET /v1/charges.
public struct ChargeList: Codable, Sendable {
    public var charges: [ChargeView]

    public init(charges: [ChargeView]) { self.charges = charges }
}

/// The body of every 4xx/5xx answer: a word a client can act on and a sentence for people.
public struct ProviderProblem: Codable, Sendable, Equatable {
    /// `no_charge` (nothing authorized under the reference), `already_refunded`, `idempotency_key_reused`,
    /// `invalid_request`, `unavailable` (an injected fault), `hung` (an injected hang gave up).
    public var error: String
    public var detail: String

    public init(error: String, detail: String) {
        self.error = error
        self.detail = detail
    }
}

/// The header every charge and refund must carry.
public enum ProviderHeaders {
    public static let idempotencyKey = "Idempotency-Key"
    /// Set on an answer repeated from an earlier request with the same key.
    public static let replayed = "Idempotent-Replayed"
}
