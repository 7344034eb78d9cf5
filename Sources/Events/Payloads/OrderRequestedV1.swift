/// `order.requested` v1: a request from an older client, without a currency (amounts are USD).
/// Still accepted on the wire; decoding upcasts it to `OrderRequested`.
///
/// Strict in types, loose in values, like the newest version: the order service answers a bad
/// request with `order.rejected` rather than dead-lettering it.
public struct OrderRequestedV1: EventPayload, Hashable {
    public static let eventType = "order.requested"
    public static let schemaVersion = 1

    /// Should be a UUID; kept as sent so a malformed id can be reported back.
    public var orderId: String
    public var customerId: String
    public var lines: [OrderLine]
    /// Minor units of USD.
    public var totalAmount: Int64
    public var paymentToken: String
    public var shippingCountry: String

    public init(
        orderId: String, customerId: String, lines: [OrderLine], totalAmount: Int64, paymentToken: String,
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
        orderId = try container.string(.orderId)
        customerId = try container.string(.customerId)
        lines = try container.array(.lines)
        totalAmount = try container.int64(.totalAmount)
        paymentToken = try container.string(.paymentToken)
        shippingCountry = try container.string(.shippingCountry)
    }

    public func validate() throws(EventDecodingError) {}
}
