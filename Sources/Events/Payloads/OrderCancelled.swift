import Foundation

/// `order.cancelled` v1: the order cannot complete; refunds and stock releases follow.
public struct OrderCancelled: EventPayload, Hashable {
    public static let eventType = "order.cancelled"
    public static let schemaVersion = 1

    public enum Reason: String, Codable, Sendable, Hashable, CaseIterable {
        case paymentDeclined = "payment_declined"
        case outOfStock = "out_of_stock"
    }

    public var orderId: UUID
    public var reason: Reason
    /// Human-readable explanation; may be empty.
    public var detail: String

    public init(orderId: UUID, reason: Reason, detail: String) {
        self.orderId = orderId
        self.reason = reason
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case orderId, reason, detail
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        orderId = try container.uuid(.orderId)
        reason = try container.enumeration(.reason, as: Reason.self)
        detail = try container.string(.detail)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uuid: orderId, forKey: .orderId)
        try container.encode(reason, forKey: .reason)
        try container.encode(detail, forKey: .detail)
    }

    public func validate() throws(EventDecodingError) {}
}
