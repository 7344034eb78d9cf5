import Events
import Foundation
import Testing

/// Kafka headers mirror the envelope so tools can route and tail without parsing values.
@Suite struct EventHeadersTests {
    @Test func headersMirrorTheEnvelope() {
        let metadata = SampleEvents.metadata(for: SampleEvents.orderPlaced)
        let headers = EventHeaders.headers(for: metadata)
        #expect(EventHeaders.value(of: EventHeaders.type, in: headers) == "order.placed")
        #expect(EventHeaders.value(of: EventHeaders.schemaVersion, in: headers) == "2")
        #expect(EventHeaders.value(of: EventHeaders.correlationID, in: headers) == metadata.correlationID)
        #expect(EventHeaders.value(of: EventHeaders.id, in: headers) == metadata.id.uuidString.lowercased())
        #expect(EventHeaders.value(of: EventHeaders.causationID, in: headers) == metadata.causationID)
        #expect(EventHeaders.value(of: EventHeaders.traceparent, in: headers) == metadata.traceparent)
        #expect(EventHeaders.value(of: EventHeaders.time, in: headers) == "2026-11-18T11:06:40.123Z")
        #expect(EventHeaders.value(of: EventHeaders.contentType, in: headers) == "application/cloudevents+json; charset=UTF-8")
        #expect(Set(headers.map(\.key)).count == headers.count)
    }

    @Test func absentOptionalAttributesProduceNoHeader() {
        let metadata = SampleEvents.metadata(for: SampleEvents.orderPlaced, optionalAttributes: false)
        let keys = EventHeaders.headers(for: metadata).map(\.key)
        #expect(!keys.contains(EventHeaders.causationID))
        #expect(!keys.contains(EventHeaders.traceparent))
        #expect(keys.contains(EventHeaders.type))
    }

    @Test func headerNamesFollowTheCloudEventsKafkaBinding() {
        #expect(EventHeaders.type == "ce_type")
        #expect(EventHeaders.schemaVersion == "ce_schemaversion")
        #expect(EventHeaders.correlationID == "ce_correlationid")
        #expect(EventHeaders.id == "ce_id")
    }
}
