/// `order.requested` v1: a request to place an order, from outside the pipeline.
///
/// Strict in types, loose in values: nothing here is checked beyond JSON types, because the
/// order service must answer a bad request with `order.rejected`, not dead-letter it.
public struct OrderRequested: EventPayload, Hashable {
    public static let eventType = "order.requested"
    public static let schemaVersion = 1

    /// Should be a UUID; kept as sent so a malformed id can be reported back.
    public var orderId: String
    public var customerId: String
    public var lines: [OrderLine]
    public var currency: String
    /// Minor units.
    public var totalAmount: Int64
    public var paymentToken: String
    public var shippingCountry: String

    public init(
        orderId: String, customerId: String, lines: [OrderLine], currency: String, totalAmount: Int64,
        paymentToken: String, shippingCountry: String
    ) {
        self.orderId = orderId
        self.customerId = customerId
        self.lines = lines
        self.currency = currency
        self.totalAmount = totalAmount
        self.paymentToken = paymentToken
        self.shippingCountry = shippingCountry
    }

    enum CodingKeys: String, CodingKey {
        case orderId, customerId, lines, currency, totalAmount, paymentToken, shippingCountry
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        orderId = try container.string(.orderId)
        customerId = try container.string(.customerId)
        lines = try container.array(.lines)
        currency = try container.string(.currency)
        totalAmount = try container.int64(.totalAmount)
        paymentToken = try container.string(.paymentToken)
        shippingCountry = try container.string(.shippingCountry)
    }

    public func validate() throws(EventDecodingError) {}
}
