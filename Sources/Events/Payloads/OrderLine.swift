/// One line of an order. In `order.requested` the values are unchecked; in `order.placed` the
/// payload's `validate()` requires a SKU, quantity ≥ 1 and unitPrice ≥ 0.
public struct OrderLine: Codable, Sendable, Hashable {
    public var sku: String
    public var quantity: Int
    /// Price of one unit in minor units of the order's currency (cents for USD).
    public var unitPrice: Int64

    public init(sku: String, quantity: Int, unitPrice: Int64) {
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
    }

    enum CodingKeys: String, CodingKey {
        case sku, quantity, unitPrice
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        sku = try container.string(.sku)
        quantity = try container.integer(.quantity)
        unitPrice = try container.int64(.unitPrice)
    }

    /// The `order.placed` constraints on a line at `path` (e.g. `lines[0]`).
    func validatePlaced(at path: String, rules: DataRules) throws(EventDecodingError) {
        try rules.nonEmpty(sku, at: path + ".sku")
        try rules.atLeast(1, quantity, at: path + ".quantity")
        try rules.atLeast(0, unitPrice, at: path + ".unitPrice")
    }
}

/// Units of one SKU held or given back by the inventory service.
public struct ReservedLine: Codable, Sendable, Hashable {
    public var sku: String
    public var quantity: Int

    public init(sku: String, quantity: Int) {
        self.sku = sku
        self.quantity = quantity
    }

    enum CodingKeys: String, CodingKey {
        case sku, quantity
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        sku = try container.string(.sku)
        quantity = try container.integer(.quantity)
    }

    func validate(at path: String, rules: DataRules) throws(EventDecodingError) {
        try rules.nonEmpty(sku, at: path + ".sku")
        try rules.atLeast(1, quantity, at: path + ".quantity")
    }
}
