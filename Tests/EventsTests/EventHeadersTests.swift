@testable import Events
import Foundation
import Testing

/// Kafka headers: structured mode announced by `content-type`, a few attributes mirrored under
/// orderflow's own names so tools can route and tail without parsing values.
@Suite struct EventHeadersTests {
    @Test func headersMirrorTheEnvelope() {
        let metadata = SampleEvents.metadata(for: SampleEvents.orderPlaced)
        let headers = EventHeaders.headers(for: metadata)
        #expect(EventHeaders.value(of: EventHeaders.type, in: headers) == "order.placed")
        #expect(EventHeaders.value(of: EventHeaders.schemaVersion, in: headers) == "2")
        #expect(EventHeaders.value(of: EventHeaders.correlationID, in: headers) == metadata.correlationID)
        #expect(EventHeaders.value(of: EventHeaders.id, in: headers) == metadata.id.uuidString.lowercased())
        #expect(EventHeaders.value(of: EventHeaders.traceparent, in: headers) == metadata.traceparent)
        #expect(EventHeaders.value(of: EventHeaders.contentType, in: headers) == "application/cloudevents+json; charset=UTF-8")
        #expect(Set(headers.map(\.key)).count == headers.count)
    }

    @Test func absentOptionalAttributesProduceNoHeader() {
        let metadata = SampleEvents.metadata(for: SampleEvents.orderPlaced, optionalAttributes: false)
        let keys = EventHeaders.headers(for: metadata).map(\.key)
        #expect(!keys.contains(EventHeaders.traceparent))
        #expect(keys.contains(EventHeaders.type))
    }

    /// A structured-mode record must carry no header under the binding's `ce_` prefix: a receiver that
    /// saw one would read the record as binary mode.
    @Test func noHeaderUsesTheBindingsPrefix() {
        for (metadata, _) in SampleEvents.all {
            let keys = EventHeaders.headers(for: metadata).map(\.key)
            #expect(keys.allSatisfy { !$0.lowercased().hasPrefix("ce_") }, "\(keys)")
            #expect(keys.first == EventHeaders.contentType)
        }
    }

    /// Records of earlier releases stay on topics for their retention; their mirrored attributes still read.
    @Test func earlierHeaderNamesStillRead() {
        let earlier = ["ce_type": "order.placed", "ce_schemaversion": "1", "ce_correlationid": "c-1", "ce_id": "e-1"]
        #expect(EventHeaders.mirrored(EventHeaders.type) { earlier[$0] } == "order.placed")
        #expect(EventHeaders.mirrored(EventHeaders.schemaVersion) { earlier[$0] } == "1")
        #expect(EventHeaders.mirrored(EventHeaders.correlationID) { earlier[$0] } == "c-1")
        #expect(EventHeaders.mirrored(EventHeaders.id) { earlier[$0] } == "e-1")
        let both = earlier.merging([EventHeaders.type: "order.confirmed"]) { _, new in new }
        #expect(EventHeaders.mirrored(EventHeaders.type) { both[$0] } == "order.confirmed")
    }

    /// The spec's naming rule for attributes: lowercase a–z and 0–9, at most 20 characters.
    @Test func extensionAttributeNamesFollowTheSpec() {
        for key in EnvelopeKey.allCases.map(\.rawValue) {
            #expect(key.count <= 20 && key.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }, "\(key)")
        }
    }
}
