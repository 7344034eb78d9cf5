import Foundation

/// `shipment.scheduled` v1: a confirmed order has a shipment booked.
public struct ShipmentScheduled: EventPayload, Hashable {
    public static let eventType = "shipment.scheduled"
    public static let schemaVersion = 1

    public var orderId: UUID
    public var shipmentId: UUID
    public var carrier: String
    /// UTC calendar date `YYYY-MM-DD`; `EventTime.calendarDate(from:)` makes one from a Date.
    public var scheduledFor: String
    /// ISO 3166-1 alpha-2, when known.
    public var shippingCountry: String?

    public init(orderId: UUID, shipmentId: UUID, carrier: String, scheduledFor: String, shippingCountry: String? = nil) {
        self.orderId = orderId
        self.shipmentId = shipmentId
        self.carrier = carrier
        self.scheduledFor = scheduledFor
        self.shippingCountry = shippingCountry
    }

    enum CodingKeys: String, CodingKey {
        case orderId, shipmentId, carrier, scheduledFor, shippingCountry
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.objectContainer(keyedBy: CodingKeys.self)
        orderId = try container.uuid(.orderId)
        shipmentId = try container.uuid(.shipmentId)
        carrier = try container.string(.carrier)
        scheduledFor = try container.string(.scheduledFor)
        shippingCountry = try container.optionalString(.shippingCountry)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uuid: orderId, forKey: .orderId)
        try container.encode(uuid: shipmentId, forKey: .shipmentId)
        try container.encode(carrier, forKey: .carrier)
        try container.encode(scheduledFor, forKey: .scheduledFor)
        try container.encodeIfPresent(shippingCountry, forKey: .shippingCountry)
    }

    public func validate() throws(EventDecodingError) {
        let rules = DataRules(for: Self.self)
        try rules.nonEmpty(carrier, at: "carrier")
        try rules.calendarDate(scheduledFor, at: "scheduledFor")
        if let shippingCountry {
            try rules.country(shippingCountry, at: "shippingCountry")
        }
    }
}
