import Foundation

/// `order.placed` v1: an accepted order, without a currency (amounts are USD).
/// Still accepted on the wire; decoding upcasts it to `OrderPlaced`.
public struct OrderPlacedV1: EventPayload, Hashable {
    public static let eventType = "order.placed"
    public static let schemaVersion = 1

    public var orderId: UUID
    public var customerId: String
    public var lines: [OrderLine]
    /// Minor units.
    public var totalAmount: Int64
    public var paymentToken: String
    /// ISO 3166-1 alpha-2.
    public var shippingCountry: String

    public init(
        orderId: UUID, customerId: String, lines: [OrderLine], totalAmount: Int64, paymentToken: String,
        shippingCountry: String
    ) {
        self.orderId = orderId
        self.customerId = customerId
        self.lines = lines
        self.totalAmount = totalAmount
        self.paymentToken = paymentToken
        self.shippingCountry = shippingCountry
    }

    enum CodingKeys: String, CodingKey {
        case orderId, customerId, lines, totalAmount, paymentToken, shippingCountry
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        orderId = try container.uuid(.orderId)
        customerId = try container.string(.customerId)
        lines = try container.array(.lines)
        totalAmount = try container.int64(.totalAmount)
        paymentToken = try container.string(.paymentToken)
        shippingCountry = try container.string(.shippingCountry)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uuid: orderId, forKey: .orderId)
        try container.encode(customerId, forKey: .customerId)
        try container.encode(lines, forKey: .lines)
        try container.encode(totalAmount, forKey: .totalAmount)
        try container.encode(paymentToken, forKey: .paymentToken)
        try container.encode(shippingCountry, forKey: .shippingCountry)
    }

    public func validate() throws(EventDecodingError) {
        try OrderPlacedRules.validate(
            customerId: customerId, lines: lines, totalAmount: totalAmount, paymentToken: paymentToken,
            shippingCountry: shippingCountry, rules: DataRules(for: Self.self))
    }
}

/// The constraints v1 and v2 of `order.placed` share.
enum OrderPlacedRules {
    static func validate(
        customerId: String, lines: [OrderLine], totalAmount: Int64, paymentToken: String, shippingCountry: String,
        rules: DataRules
    ) throws(EventDecodingError) {
        try rules.nonEmpty(customerId, at: "customerId")
        try rules.nonEmpty(lines, at: "lines")
        for (index, line) in lines.enumerated() {
            try line.validatePlaced(at: "lines[\(index)]", rules: rules)
        }
        try rules.atLeast(0, totalAmount, at: "totalAmount")
        try rules.nonEmpty(paymentToken, at: "paymentToken")
        try rules.country(shippingCountry, at: "shippingCountry")
    }
}
