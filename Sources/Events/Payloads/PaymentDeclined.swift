import Foundation

/// `payment.declined` v1: the order's amount was not authorized.
public struct PaymentDeclined: EventPayload, Hashable {
    public static let eventType = "payment.declined"
    public static let schemaVersion = 1

    public enum Reason: String, Codable, Sendable, Hashable, CaseIterable {
        case cardDeclined = "card_declined"
        case creditLimitExceeded = "credit_limit_exceeded"
    }

    public var orderId: UUID
    public var customerId: String
    public var reason: Reason
    /// Minor units of `currency`: the amount that was asked for.
    public var amount: Int64
    /// ISO 4217.
    public var currency: String

    public init(orderId: UUID, customerId: String, reason: Reason, amount: Int64, currency: String) {
        self.orderId = orderId
        self.customerId = customerId
        self.reason = reason
        self.amount = amount
        self.currency = currency
    }

    enum CodingKeys: String, CodingKey {
        case orderId, customerId, reason, amount, currency
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        orderId = try container.uuid(.orderId)
        customerId = try container.string(.customerId)
        reason = try container.enumeration(.reason, as: Reason.self)
        amount = try container.int64(.amount)
        currency = try container.string(.currency)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uuid: orderId, forKey: .orderId)
        try container.encode(customerId, forKey: .customerId)
        try container.encode(reason, forKey: .reason)
        try container.encode(amount, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }

    public func validate() throws(EventDecodingError) {
        let rules = DataRules(for: Self.self)
        try rules.nonEmpty(customerId, at: "customerId")
        try rules.atLeast(0, amount, at: "amount")
        try rules.currency(currency, at: "currency")
    }
}
