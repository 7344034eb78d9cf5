import Foundation

/// `order.placed` v2 (newest): an order passed validation and was accepted.
/// v2 adds `currency`; v1 events upcast with `OrderPlaced.v1DefaultCurrency`.
public struct OrderPlaced: EventPayload, Hashable {
    public static let eventType = "order.placed"
    public static let schemaVersion = 2
    /// The currency v1 amounts are read in: v1 was only ever produced for USD orders.
    public static let v1DefaultCurrency = "USD"

    public var orderId: UUID
    public var customerId: String
    public var lines: [OrderLine]
    /// Minor units of `currency`.
    public var totalAmount: Int64
    public var paymentToken: String
    /// ISO 3166-1 alpha-2.
    public var shippingCountry: String
    /// ISO 4217.
    public var currency: String

    public init(
        orderId: UUID, customerId: String, lines: [OrderLine], totalAmount: Int64, paymentToken: String,
        shippingCountry: String, currency: String
    ) {
        self.orderId = orderId
        self.customerId = customerId
        self.lines = lines
        self.totalAmount = totalAmount
        self.paymentToken = paymentToken
        self.shippingCountry = shippingCountry
        self.currency = currency
    }

    /// v1 → v2: every field carries over; the currency is the v1 default.
    public init(upcasting v1: OrderPlacedV1) {
        self.init(
            orderId: v1.orderId, customerId: v1.customerId, lines: v1.lines, totalAmount: v1.totalAmount,
            paymentToken: v1.paymentToken, shippingCountry: v1.shippingCountry, currency: Self.v1DefaultCurrency)
    }

    /// The v1 shape of this order, for producers configured to emit v1 (drops `currency`).
    public var v1: OrderPlacedV1 {
        OrderPlacedV1(
            orderId: orderId, customerId: customerId, lines: lines, totalAmount: totalAmount,
            paymentToken: paymentToken, shippingCountry: shippingCountry)
    }

    enum CodingKeys: String, CodingKey {
        case orderId, customerId, lines, totalAmount, paymentToken, shippingCountry, currency
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        orderId = try container.uuid(.orderId)
        customerId = try container.string(.customerId)
        lines = try container.array(.lines)
        totalAmount = try container.int64(.totalAmount)
        paymentToken = try container.string(.paymentToken)
        shippingCountry = try container.string(.shippingCountry)
        currency = try container.string(.currency)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uuid: orderId, forKey: .orderId)
        try container.encode(customerId, forKey: .customerId)
        try container.encode(lines, forKey: .lines)
        try container.encode(totalAmount, forKey: .totalAmount)
        try container.encode(paymentToken, forKey: .paymentToken)
        try container.encode(shippingCountry, forKey: .shippingCountry)
        try container.encode(currency, forKey: .currency)
    }

    public func validate() throws(EventDecodingError) {
        let rules = DataRules(for: Self.self)
        try OrderPlacedRules.validate(
            customerId: customerId, lines: lines, totalAmount: totalAmount, paymentToken: paymentToken,
            shippingCountry: shippingCountry, rules: rules)
        try rules.currency(currency, at: "currency")
    }
}
