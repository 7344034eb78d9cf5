/// `order.requested` v2 (newest): a request to place an order, from outside the pipeline.
/// v2 adds `currency`; v1 requests upcast with `OrderRequested.v1DefaultCurrency`.
///
/// Strict in types, loose in values: nothing here is checked beyond JSON types, because the
/// order service must answer a bad request with `order.rejected`, not dead-letter it.
public struct OrderRequested: EventPayload, Hashable {
    public static let eventType = "order.requested"
    public static let schemaVersion = 2
    /// The currency v1 amounts are read in: v1 clients only ever ordered in USD.
    public static let v1DefaultCurrency = "USD"

    /// Should be a UUID; kept as sent so a malformed id can be reported back.
    public var orderId: String
    public var customerId: String
    public var lines: [OrderLine]
    /// Should be ISO 4217; unchecked here, the order service rejects anything else.
    public var currency: String
    /// Minor units of `currency`.
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

    /// v1 → v2: every field carries over; the currency is the v1 default.
    public init(upcasting v1: OrderRequestedV1) {
        self.init(
            orderId: v1.orderId, customerId: v1.customerId, lines: v1.lines, currency: Self.v1DefaultCurrency,
            totalAmount: v1.totalAmount, paymentToken: v1.paymentToken, shippingCountry: v1.shippingCountry)
    }

    /// The v1 shape of this request, for clients that emit v1 (drops `currency`).
    public var v1: OrderRequestedV1 {
        OrderRequestedV1(
            orderId: orderId, customerId: customerId, lines: lines, totalAmount: totalAmount,
            paymentToken: paymentToken, shippingCountry: shippingCountry)
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
