import Foundation

/// `order.confirmed` v1: payment authorized and all stock reserved; the order will ship.
public struct OrderConfirmed: EventPayload, Hashable {
    public static let eventType = "order.confirmed"
    public static let schemaVersion = 1

    public var orderId: UUID
    public var paymentId: UUID
    public var reservationId: UUID
    /// Minor units of `currency`.
    public var totalAmount: Int64
    /// ISO 4217.
    public var currency: String

    public init(orderId: UUID, paymentId: UUID, reservationId: UUID, totalAmount: Int64, currency: String) {
        self.orderId = orderId
        self.paymentId = paymentId
        self.reservationId = reservationId
        self.totalAmount = totalAmount
        self.currency = currency
    }

    enum CodingKeys: String, CodingKey {
        case orderId, paymentId, reservationId, totalAmount, currency
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        orderId = try container.uuid(.orderId)
        paymentId = try container.uuid(.paymentId)
        reservationId = try container.uuid(.reservationId)
        totalAmount = try container.int64(.totalAmount)
        currency = try container.string(.currency)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uuid: orderId, forKey: .orderId)
        try container.encode(uuid: paymentId, forKey: .paymentId)
        try container.encode(uuid: reservationId, forKey: .reservationId)
        try container.encode(totalAmount, forKey: .totalAmount)
        try container.encode(currency, forKey: .currency)
    }

    public func validate() throws(EventDecodingError) {
        let rules = DataRules(for: Self.self)
        try rules.atLeast(0, totalAmount, at: "totalAmount")
        try rules.currency(currency, at: "currency")
    }
}
