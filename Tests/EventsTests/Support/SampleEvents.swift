import Events
import Foundation

/// One realistic event of every (type, version) the standard registry emits.
enum SampleEvents {
    static let orderID = UUID(uuidString: "5F0C8A2E-3B1D-4C6E-9A7F-2D4B6E8F0A1C")!
    static let paymentID = UUID(uuidString: "7D3F5B9E-1A2C-4D6E-8F0A-3C5E7A9B1D2F")!
    static let reservationID = UUID(uuidString: "2A4C6E8F-0B1D-4F3A-9C5E-7B9D1F3A5C7E")!
    static let shipmentID = UUID(uuidString: "C1E3A5B7-9D2F-4B6A-8E0C-4A6C8E0B2D4F")!
    /// Sub-millisecond on purpose: the envelope keeps milliseconds, so metadata must truncate.
    static let time = Date(timeIntervalSince1970: 1_795_000_000.123_456)
    static let lines = [
        OrderLine(sku: "SKU-RED-MUG", quantity: 2, unitPrice: 1250),
        OrderLine(sku: "SKU-TEA-200G", quantity: 1, unitPrice: 899),
    ]

    static let orderPlaced = OrderPlaced(
        orderId: orderID, customerId: "customer-42", lines: lines, totalAmount: 3399, paymentToken: "tok_visa_ok",
        shippingCountry: "DE", currency: "EUR")

    /// Uppercase id on purpose: a requested order id is kept exactly as sent.
    static let orderRequested = OrderRequested(
        orderId: orderID.uuidString, customerId: "customer-42", lines: lines, currency: "EUR", totalAmount: 3399,
        paymentToken: "tok_visa_ok", shippingCountry: "DE")

    static let payloads: [any EventPayload] = [
        orderRequested.v1,
        orderRequested,
        orderPlaced.v1,
        orderPlaced,
        OrderConfirmed(orderId: orderID, paymentId: paymentID, reservationId: reservationID, totalAmount: 3399, currency: "EUR"),
        OrderCancelled(orderId: orderID, reason: .outOfStock, detail: "SKU-TEA-200G: 0 of 1 available"),
        OrderRejected(orderId: "not-a-uuid", errors: [.init(field: "orderId", message: "must be a UUID")]),
        PaymentAuthorized(orderId: orderID, paymentId: paymentID, customerId: "customer-42", amount: 3399, currency: "EUR"),
        PaymentDeclined(orderId: orderID, customerId: "customer-42", reason: .creditLimitExceeded, amount: 3399, currency: "EUR"),
        PaymentRefunded(orderId: orderID, paymentId: paymentID, amount: 3399, currency: "EUR"),
        StockReserved(orderId: orderID, reservationId: reservationID, lines: [.init(sku: "SKU-RED-MUG", quantity: 2)]),
        StockRejected(orderId: orderID, unavailable: [.init(sku: "SKU-TEA-200G", requested: 1, available: 0)]),
        StockReleased(orderId: orderID, reservationId: reservationID, lines: [.init(sku: "SKU-RED-MUG", quantity: 2)]),
        ShipmentScheduled(
            orderId: orderID, shipmentId: shipmentID, carrier: "DHL", scheduledFor: "2026-11-23", shippingCountry: "DE"),
    ]

    /// Payloads whose optional fields are absent, to cover the other encoding branch.
    static let payloadsWithoutOptionals: [any EventPayload] = [
        ShipmentScheduled(orderId: orderID, shipmentId: shipmentID, carrier: "UPS", scheduledFor: "2028-02-29")
    ]

    static func metadata(for payload: any EventPayload, index: Int = 0, optionalAttributes: Bool = true) -> EventMetadata {
        let payloadType = type(of: payload)
        return EventMetadata(
            id: UUID(), source: "contract-test", type: payloadType.eventType, schemaVersion: payloadType.schemaVersion,
            time: time.addingTimeInterval(Double(index)), subject: orderID.uuidString.lowercased(),
            correlationID: "9b2e4d6f-8a1c-4e3b-b5d7-0f2a4c6e8b1d",
            causationID: optionalAttributes ? "0b7c1e2a-4d5f-4a6b-8c9d-000000000001" : nil,
            traceparent: optionalAttributes ? "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" : nil,
            requestedBy: optionalAttributes ? "alice@example.com" : nil)
    }

    /// Every sample as (metadata, payload), the optional-attribute variants included.
    static var all: [(metadata: EventMetadata, payload: any EventPayload)] {
        var events = payloads.enumerated().map { index, payload in (metadata(for: payload, index: index), payload) }
        for payload in payloadsWithoutOptionals {
            events.append((metadata(for: payload, optionalAttributes: false), payload))
        }
        return events
    }

    static func typeVersion(of payload: any EventPayload) -> TypeVersion {
        let payloadType = type(of: payload)
        return TypeVersion(type: payloadType.eventType, version: payloadType.schemaVersion)
    }
}
