import Foundation

/// `stock.rejected` v1: at least one line cannot be served; nothing was reserved.
public struct StockRejected: EventPayload, Hashable {
    public static let eventType = "stock.rejected"
    public static let schemaVersion = 1

    /// A SKU without enough stock.
    public struct Unavailable: Codable, Sendable, Hashable {
        public var sku: String
        /// Units the order asked for (≥ 1).
        public var requested: Int
        /// Units in stock when the order was checked (≥ 0).
        public var available: Int

        public init(sku: String, requested: Int, available: Int) {
            self.sku = sku
            self.requested = requested
            self.available = available
        }

        enum CodingKeys: String, CodingKey {
            case sku, requested, available
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
            sku = try container.string(.sku)
            requested = try container.integer(.requested)
            available = try container.integer(.available)
        }
    }

    public var orderId: UUID
    /// At least one.
    public var unavailable: [Unavailable]

    public init(orderId: UUID, unavailable: [Unavailable]) {
        self.orderId = orderId
        self.unavailable = unavailable
    }

    enum CodingKeys: String, CodingKey {
        case orderId, unavailable
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        orderId = try container.uuid(.orderId)
        unavailable = try container.array(.unavailable)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uuid: orderId, forKey: .orderId)
        try container.encode(unavailable, forKey: .unavailable)
    }

    public func validate() throws(EventDecodingError) {
        let rules = DataRules(for: Self.self)
        try rules.nonEmpty(unavailable, at: "unavailable")
        for (index, item) in unavailable.enumerated() {
            try rules.nonEmpty(item.sku, at: "unavailable[\(index)].sku")
            try rules.atLeast(1, item.requested, at: "unavailable[\(index)].requested")
            try rules.atLeast(0, item.available, at: "unavailable[\(index)].available")
        }
    }
}
