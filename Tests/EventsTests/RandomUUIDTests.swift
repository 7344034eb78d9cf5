import Events
import Foundation
import Testing

/// Event ids are version-4 UUIDs with the RFC 4122 variant, and they do not repeat.
@Suite struct RandomUUIDTests {
    @Test func idsAreVersionFourAndDistinct() {
        let ids = (0..<20_000).map { _ in UUID.random() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(1_000) {
            let text = id.lowercased
            #expect(Array(text)[14] == "4")
            #expect("89ab".contains(Array(text)[19]))
        }
        // Every other bit varies: no byte is stuck across the sample.
        for index in [0, 3, 7, 9, 15] {
            let values = Set(ids.map { withUnsafeBytes(of: $0.uuid) { $0[index] } })
            #expect(values.count > 200)
        }
    }

    @Test func eventsGetRandomIDsByDefault() {
        let first = EventMetadata(source: "tests", type: "order.placed", schemaVersion: 1, subject: "s", correlationID: "c")
        let second = EventMetadata(source: "tests", type: "order.placed", schemaVersion: 1, subject: "s", correlationID: "c")
        #expect(first.id != second.id)
        #expect(Array(first.id.lowercased)[14] == "4")
    }
}
