/// `order.rejected` v1: an order request broke business rules and was not placed.
public struct OrderRejected: EventPayload, Hashable {
    public static let eventType = "order.rejected"
    public static let schemaVersion = 1

    /// One broken rule of the request.
    public struct ValidationError: Codable, Sendable, Hashable {
        /// Path of the offending field in the request data, e.g. `lines[0].quantity`.
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }

        enum CodingKeys: String, CodingKey {
            case field, message
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
            field = try container.string(.field)
            message = try container.string(.message)
        }
    }

    /// The order id exactly as requested, possibly malformed.
    public var orderId: String
    /// At least one.
    public var errors: [ValidationError]

    public init(orderId: String, errors: [ValidationError]) {
        self.orderId = orderId
        self.errors = errors
    }

    enum CodingKeys: String, CodingKey {
        case orderId, errors
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        orderId = try container.string(.orderId)
        errors = try container.array(.errors)
    }

    public func validate() throws(EventDecodingError) {
        try DataRules(for: Self.self).nonEmpty(errors, at: "errors")
    }
}
