import Foundation

/// `payment.authorized` v1: the order's amount was authorized.
public struct PaymentAuthorized: EventPayload, Hashable {
    public static let eventType = "payment.authorized"
    public static let schemaVersion = 1

    public var orderId: UUID
    public var paymentId: UUID
    public var customerId: String
    /// Minor units of `currency`.
    public var amount: Int64
    /// ISO 4217.
    public var currency: String

    public init(orderId: UUID, paymentId: UUID, customerId: String, amount: Int64, currency: String) {
        self.orderId = orderId
        self.paymentId = paymentId
        self.customerId = customerId
        self.amount = amount
        self.currency = currency
    }

    enum CodingKeys: String, CodingKey {
        case orderId, paymentId, customerId, amount, currency
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        orderId = try container.uuid(.orderId)
        paymentId = try container.uuid(.paymentId)
        customerId = try container.string(.customerId)
        amount = try container.int64(.amount)
        currency = try container.string(.currency)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uuid: orderId, forKey: .orderId)
        try container.encode(uuid: paymentId, forKey: .paymentId)
        try container.encode(customerId, forKey: .customerId)
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
