import Events
import Foundation
import Testing

/// The encoder refuses anything consumers would dead-letter, so bad events never leave a service.
@Suite struct EncodingRefusalTests {
    let registry = EventRegistry.standard

    @Test func invalidPayloadIsRefusedWithItsPath() {
        var order = SampleEvents.orderPlaced
        order.shippingCountry = "Germany"
        let event = Event(source: "order-service", subject: "s", correlationID: "c", data: order)
        #expect(throws: EventEncodingError.invalidPayload(.invalidData(
            type: "order.placed", version: 2, path: "data.shippingCountry", message: #"must be 2 uppercase letters A-Z, got "Germany""#
        ))) { try registry.encode(event) }
    }

    @Test func invalidMetadataIsRefused() {
        var event = Event(source: "order-service", subject: "s", correlationID: "c", data: SampleEvents.orderPlaced)
        event.metadata.traceparent = "00-xyz"
        #expect(throws: EventEncodingError.invalidMetadata(
            attribute: "traceparent", message: "must be W3C trace context 00-<32 hex>-<16 hex>-<2 hex>"
        )) { try registry.encode(event) }
        event.metadata.traceparent = nil
        event.metadata.subject = ""
        #expect(throws: EventEncodingError.invalidMetadata(attribute: "subject", message: "must not be empty")) {
            try registry.encode(event)
        }
        event.metadata.subject = "s"
        event.metadata.time = Date(timeIntervalSince1970: 1e15)
        #expect(throws: EventEncodingError.invalidMetadata(attribute: "time", message: "must lie in years 0001-9999")) {
            try registry.encode(event)
        }
    }

    @Test func metadataThatDisagreesWithThePayloadIsRefused() {
        let metadata = EventMetadata(source: "s", type: "order.placed", schemaVersion: 1, subject: "s", correlationID: "c")
        #expect(throws: EventEncodingError.payloadMismatch(
            metadataType: "order.placed", metadataVersion: 1, payloadType: "order.placed", payloadVersion: 2
        )) { try registry.encode(metadata, payload: SampleEvents.orderPlaced) }
    }

    @Test func unregisteredTypesAreRefusedAndUnknownOnDecode() throws {
        let ordersOnly = EventRegistry().registering(OrderPlaced.self)
        let event = Event(source: "s", subject: "s", correlationID: "c",
                          data: OrderCancelled(orderId: SampleEvents.orderID, reason: .outOfStock, detail: ""))
        #expect(throws: EventEncodingError.unregistered(type: "order.cancelled", version: 1)) { try ordersOnly.encode(event) }
        let bytes = try registry.encode(event)
        #expect(throws: EventDecodingError.unknownType("order.cancelled")) { try ordersOnly.decode(bytes) }
    }

    @Test func registryWithoutAnOldVersionRejectsIt() throws {
        let v2Only = EventRegistry().registering(OrderPlaced.self)
        let v1 = Event(source: "s", subject: "s", correlationID: "c", data: SampleEvents.orderPlaced.v1)
        #expect(throws: EventDecodingError.unsupportedVersion(type: "order.placed", version: 1)) {
            try v2Only.decode(try registry.encode(v1))
        }
        #expect(v2Only.supported.map(\.type) == ["order.placed"])
        #expect(v2Only.newestVersion(of: "order.placed") == 2)
        #expect(v2Only.newestVersion(of: "order.cancelled") == nil)
    }
}
