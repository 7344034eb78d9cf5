import Events
import Foundation
import Testing

/// Decoding failures name what is wrong precisely enough to act on from a dead-letter header.
@Suite struct DecodingErrorTests {
    let registry = EventRegistry.standard

    /// A valid order.placed v2 envelope as a mutable JSON object.
    func envelope() throws -> [String: Any] {
        let event = Event(source: "order-service", subject: "s", correlationID: "c", data: SampleEvents.orderPlaced)
        let object = try JSONSerialization.jsonObject(with: Data(try registry.encode(event)))
        return try #require(object as? [String: Any])
    }

    func decode(_ object: [String: Any]) throws -> AnyEvent {
        try registry.decode([UInt8](JSONSerialization.data(withJSONObject: object)))
    }

    func withData(_ change: (inout [String: Any]) -> Void) throws -> [String: Any] {
        var object = try envelope()
        var data = try #require(object["data"] as? [String: Any])
        change(&data)
        object["data"] = data
        return object
    }

    @Test func invalidValueReportsTheJSONPathOfTheField() throws {
        let object = try withData { data in
            data["lines"] = [["sku": "A", "quantity": 1, "unitPrice": 1], ["sku": "B", "quantity": 0, "unitPrice": 1]]
        }
        #expect(throws: EventDecodingError.invalidData(
            type: "order.placed", version: 2, path: "data.lines[1].quantity", message: "must be at least 1, got 0"
        )) { try decode(object) }
    }

    @Test func wrongTypeInANestedFieldReportsItsPath() throws {
        let object = try withData { data in data["lines"] = [["sku": "A", "quantity": "2", "unitPrice": 1]] }
        #expect(throws: EventDecodingError.invalidData(
            type: "order.placed", version: 2, path: "data.lines[0].quantity", message: "must be an integer within 64 bits"
        )) { try decode(object) }
    }

    @Test func missingFieldOutOfRangeNumberAndNullAreInvalidData() throws {
        let missing = try withData { $0["currency"] = nil }
        #expect(throws: EventDecodingError.invalidData(type: "order.placed", version: 2, path: "data.currency", message: "is required")) {
            try decode(missing)
        }
        var tooLarge = try envelope()
        var text = String(decoding: try JSONSerialization.data(withJSONObject: tooLarge), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"totalAmount\":3399", with: "\"totalAmount\":9223372036854775808")
        #expect(throws: EventDecodingError.invalidData(
            type: "order.placed", version: 2, path: "data.totalAmount", message: "must be an integer within 64 bits"
        )) { try registry.decode([UInt8](text.utf8)) }
        tooLarge = try withData { $0["customerId"] = NSNull() }
        #expect(throws: EventDecodingError.invalidData(type: "order.placed", version: 2, path: "data.customerId", message: "must be a string")) {
            try decode(tooLarge)
        }
    }

    @Test func unknownEnumValueListsTheAllowedOnes() throws {
        let event = Event(source: "s", subject: "s", correlationID: "c",
                          data: OrderCancelled(orderId: SampleEvents.orderID, reason: .outOfStock, detail: ""))
        let text = String(decoding: try registry.encode(event), as: UTF8.self)
            .replacingOccurrences(of: "out_of_stock", with: "bored")
        #expect(throws: EventDecodingError.invalidData(
            type: "order.cancelled", version: 1, path: "data.reason", message: #"must be one of "payment_declined", "out_of_stock""#
        )) { try registry.decode([UInt8](text.utf8)) }
    }

    @Test func envelopeProblemsNameTheAttribute() throws {
        var object = try envelope()
        object["correlationid"] = nil
        #expect(throws: EventDecodingError.notAnEnvelope("missing attribute 'correlationid'")) { try decode(object) }
        object = try envelope()
        object["schemaversion"] = "2"
        #expect(throws: EventDecodingError.notAnEnvelope("attribute 'schemaversion' must be an integer")) { try decode(object) }
        object = try envelope()
        object["source"] = ""
        #expect(throws: EventDecodingError.notAnEnvelope("attribute 'source' must not be empty")) { try decode(object) }
    }

    @Test func unknownTypeAndVersionAreTheirOwnClasses() throws {
        var object = try envelope()
        object["type"] = "order.teleported"
        #expect(throws: EventDecodingError.unknownType("order.teleported")) { try decode(object) }
        object = try envelope()
        object["schemaversion"] = 7
        #expect(throws: EventDecodingError.unsupportedVersion(type: "order.placed", version: 7)) { try decode(object) }
    }

    @Test func unknownFieldsAreIgnoredForForwardCompatibility() throws {
        var object = try withData { $0["loyaltyTier"] = "gold" }
        object["partitionkey"] = "extension attributes are allowed"
        #expect(try decode(object).as(OrderPlaced.self)?.data == SampleEvents.orderPlaced)
    }

    @Test func timestampsWithOffsetsOrWithoutFractionDecodeToTheSameInstant() throws {
        var object = try envelope()
        object["time"] = "2026-11-21T11:00:00.5+01:00"
        #expect(try decode(object).metadata.time == EventTime.date(from: "2026-11-21T10:00:00.500Z"))
        object["time"] = "2026-11-21T10:00:00Z"
        #expect(try decode(object).metadata.time == Date(timeIntervalSince1970: 1_795_255_200))
    }

    @Test func errorClassesAreStable() {
        #expect(EventDecodingError.notJSON("").errorClass == "not_json")
        #expect(EventDecodingError.notAnEnvelope("").errorClass == "not_envelope")
        #expect(EventDecodingError.unknownType("").errorClass == "unknown_type")
        #expect(EventDecodingError.unsupportedVersion(type: "", version: 1).errorClass == "unsupported_version")
        #expect(EventDecodingError.invalidData(type: "", version: 1, path: "", message: "").errorClass == "invalid_data")
    }
}
