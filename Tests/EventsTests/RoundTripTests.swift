import Events
import Foundation
import Testing

/// encode → bytes → decode gives back the same metadata and payload for every event type.
@Suite struct RoundTripTests {
    let registry = EventRegistry.standard

    @Test(arguments: SampleEvents.all.indices)
    func roundTripIsIdentity(index: Int) throws {
        let sample = SampleEvents.all[index]

        let decoded = try registry.decode(try registry.encode(sample.metadata, payload: sample.payload))

        #expect(decoded.metadata == sample.metadata)
        if let v1 = sample.payload as? OrderPlacedV1 {
            #expect(decoded.as(OrderPlaced.self)?.data.v1 == v1)
        } else if let v1 = sample.payload as? OrderRequestedV1 {
            #expect(decoded.as(OrderRequested.self)?.data.v1 == v1)
        } else {
            #expect(decoded == AnyEvent(metadata: sample.metadata, payload: sample.payload))
        }
    }

    @Test func typedEventRoundTripsThroughAs() throws {
        let event = Event(
            source: "payment-service", subject: "order-1", correlationID: "corr-1", causationID: "cause-1",
            time: Date(timeIntervalSince1970: 1_800_000_000.999_9), traceparent: nil,
            data: PaymentRefunded(orderId: SampleEvents.orderID, paymentId: SampleEvents.paymentID, amount: 0, currency: "JPY"))

        let decoded = try registry.decode(try registry.encode(event)).as(PaymentRefunded.self)

        #expect(decoded == event)
    }

    @Test func metadataKeepsWholeMillisecondsSoWhatIsSentIsWhatIsReceived() {
        let metadata = SampleEvents.metadata(for: SampleEvents.orderPlaced)
        #expect(metadata.time.timeIntervalSince1970 == 1_795_000_000.123)
        #expect(metadata.time != SampleEvents.time)
    }

    @Test func idsAreWrittenLowercase() throws {
        let event = Event(source: "order-service", subject: "s", correlationID: "c", data: SampleEvents.orderPlaced)
        let json = String(decoding: try registry.encode(event), as: UTF8.self)
        #expect(json.contains(SampleEvents.orderID.uuidString.lowercased()))
        #expect(json.contains(event.metadata.id.uuidString.lowercased()))
        #expect(!json.contains(SampleEvents.orderID.uuidString))
    }

    @Test func encodingIsCompactDeterministicAndAttributesComeFirst() throws {
        let event = Event(
            source: "order-service", subject: "order-1", correlationID: "corr-1",
            id: UUID(uuidString: "0B7C1E2A-4D5F-4A6B-8C9D-000000000004")!, time: Date(timeIntervalSince1970: 1_795_000_000.5),
            data: OrderCancelled(orderId: SampleEvents.orderID, reason: .paymentDeclined, detail: ""))
        let json = String(decoding: try registry.encode(event), as: UTF8.self)
        #expect(json == #"{"specversion":"1.0","id":"0b7c1e2a-4d5f-4a6b-8c9d-000000000004","source":"order-service","type":"order.cancelled","schemaversion":1,"time":"2026-11-18T11:06:40.500Z","subject":"order-1","datacontenttype":"application/json","correlationid":"corr-1","data":{"detail":"","orderId":"5f0c8a2e-3b1d-4c6e-9a7f-2d4b6e8f0a1c","reason":"payment_declined"}}"#)
    }

    @Test func causedByCarriesTheFlowForward() {
        let cause = SampleEvents.metadata(for: SampleEvents.orderPlaced)
        let effect = Event(
            source: "payment-service", causedBy: cause,
            data: PaymentAuthorized(orderId: SampleEvents.orderID, paymentId: SampleEvents.paymentID, customerId: "c", amount: 1, currency: "EUR"))
        #expect(effect.metadata.subject == cause.subject)
        #expect(effect.metadata.correlationID == cause.correlationID)
        #expect(effect.metadata.causationID == cause.id.uuidString.lowercased())
        #expect(effect.metadata.traceparent == cause.traceparent)
        #expect(effect.metadata.requestedBy == cause.requestedBy && cause.requestedBy != nil)
        #expect(effect.metadata.type == "payment.authorized" && effect.metadata.schemaVersion == 1)
    }

    @Test func attributeValuesAreEscaped() throws {
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{07} é 🚚"
        let event = Event(source: tricky, subject: tricky, correlationID: tricky, causationID: tricky,
                          data: OrderRejected(orderId: tricky, errors: [.init(field: tricky, message: tricky)]))
        let bytes = try registry.encode(event)
        #expect(try JSONSerialization.jsonObject(with: Data(bytes)) is [String: Any])
        #expect(try registry.decode(bytes).as(OrderRejected.self) == event)
    }
}
