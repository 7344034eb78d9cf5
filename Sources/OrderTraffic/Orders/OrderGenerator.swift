import Events
import Foundation

/// A generated order.requested with the outcome it is built for.
public struct GeneratedOrder: Sendable {
    public var scenario: OrderScenario
    public var request: OrderRequested
    public var event: Event<OrderRequested>
    public var expected: ExpectedOutcome { scenario.expected }
    /// The Kafka key: the order id as requested (possibly malformed, for invalid orders).
    public var key: String { request.orderId }
}

/// Deterministic orders for a mix: the same seed gives the same orders, ids included, so a run can be
/// repeated and its outcomes predicted.
public struct OrderGenerator: Sendable {
    public static let source = "orderflow-cli"
    public static let declineToken = "tok_decline_card"
    public static let soldOutSKU = "SKU-SOLDOUT"

    private var random: SplitMix64
    private let mix: OrderMix
    private var sequence = 0
    private let customers: Int

    private let currencyField: Bool

    /// `requestVersion` 1 produces orders an old client could send: no currency field (USD implied),
    /// so no invalid order relies on a bad currency.
    public init(mix: OrderMix = .default, seed: UInt64 = 1, customers: Int = 100_000, requestVersion: Int = OrderRequested.schemaVersion) {
        self.mix = mix
        self.currencyField = requestVersion >= 2
        self.random = SplitMix64(seed: seed)
        self.customers = customers
    }

    public mutating func next(at time: Date = Date()) -> GeneratedOrder {
        sequence += 1
        let scenario = mix.scenario(forDraw: Int(random.next() % 100))
        var lines = (0..<(1 + Int(random.next() % 3))).map { _ in
            OrderLine(sku: String(format: "SKU-%04d", 1 + Int(random.next() % 20)),
                      quantity: 1 + Int(random.next() % 3), unitPrice: 100 + Int64(random.next() % 4_900))
        }
        var orderID = uuid().uuidString.lowercased()
        var token = "tok_visa_\(random.next() % 10_000)"
        var currency = "USD"
        var totalOffset: Int64 = 0
        switch scenario {
        case .paid:
            break
        case .declined:
            token = Self.declineToken
        case .outOfStock:
            lines.append(OrderLine(sku: Self.soldOutSKU, quantity: 1, unitPrice: 999))
        case .invalid:
            switch random.next() % 5 {
            case 0: lines[0].quantity = 0
            case 1: totalOffset = 1
            case 2 where currencyField: currency = "XXX"
            case 2: lines[0].unitPrice = -1
            case 3: orderID = "order-\(sequence)-\(random.next() % 100_000)"
            default: lines = []
            }
        }
        let total = lines.reduce(Int64(0)) { $0 + Int64($1.quantity) * $1.unitPrice } + totalOffset
        let request = OrderRequested(
            orderId: orderID, customerId: "cust-\(random.next() % UInt64(customers))", lines: lines,
            currency: currency, totalAmount: total, paymentToken: token,
            shippingCountry: ["US", "DE", "GB", "CA", "FR", "JP"][Int(random.next() % 6)])
        let event = Event(
            source: Self.source, subject: orderID, correlationID: uuid().uuidString.lowercased(), id: uuid(),
            time: time, data: request)
        return GeneratedOrder(scenario: scenario, request: request, event: event)
    }

    private mutating func uuid() -> UUID {
        let a = random.next(), b = random.next()
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: a >> ($0 * 8)) } + (0..<8).map { UInt8(truncatingIfNeeded: b >> ($0 * 8)) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80  // RFC 4122 variant
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

/// A small, fast, seedable generator (Steele, Lea, Flood 2014).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce5_e9b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
