import Foundation

/// `stock.reserved` v1: every line of the order is held in stock.
public struct StockReserved: EventPayload, Hashable {
    public static let eventType = "stock.reserved"
    public static let schemaVersion = 1

    public var orderId: UUID
    /// Needed to release the reservation if the order is cancelled.
    public var reservationId: UUID
    public var lines: [ReservedLine]

    public init(orderId: UUID, reservationId: UUID, lines: [ReservedLine]) {
        self.orderId = orderId
        self.reservationId = reservationId
        self.lines = lines
    }

    enum CodingKeys: String, CodingKey {
        case orderId, reservationId, lines
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        orderId = try container.uuid(.orderId)
        reservationId = try container.uuid(.reservationId)
        lines = try container.array(.lines)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uuid: orderId, forKey: .orderId)
        try container.encode(uuid: reservationId, forKey: .reservationId)
        try container.encode(lines, forKey: .lines)
    }

    public func validate() throws(EventDecodingError) {
        let rules = DataRules(for: Self.self)
        for (index, line) in lines.enumerated() {
            try line.validate(at: "lines[\(index)]", rules: rules)
        }
    }
}
