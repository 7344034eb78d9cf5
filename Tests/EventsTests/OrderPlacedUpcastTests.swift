import Events
import Foundation
import Testing

/// order.placed v1 and v2 live on one topic during a rolling deploy; consumers see only v2.
@Suite struct OrderPlacedUpcastTests {
    let registry = EventRegistry.standard

    @Test func v1UpcastsWithUSDAndKeepsEveryField() {
        let v1 = SampleEvents.orderPlaced.v1
        let upcast = OrderPlaced(upcasting: v1)
        #expect(upcast.currency == "USD")
        #expect(upcast.v1 == v1)
        #expect(upcast.orderId == v1.orderId && upcast.lines == v1.lines && upcast.totalAmount == v1.totalAmount)
    }

    @Test func decodingV1BytesYieldsAnOrderPlacedButKeepsTheWireVersion() throws {
        let v1 = Event(source: "order-service", subject: "s", correlationID: "c", data: SampleEvents.orderPlaced.v1)

        let decoded = try registry.decode(try registry.encode(v1))

        let placed = try #require(decoded.as(OrderPlaced.self))
        #expect(placed.data == OrderPlaced(upcasting: v1.data))
        #expect(placed.data.currency == "USD")
        #expect(placed.metadata.schemaVersion == 1)
        #expect(decoded.as(OrderPlacedV1.self) == nil)
    }

    @Test func aStreamMixingV1AndV2DecodesIntoOrderPlacedValues() throws {
        var stream: [[UInt8]] = []
        var expected: [OrderPlaced] = []
        for index in 0..<20 {
            var order = SampleEvents.orderPlaced
            order.orderId = UUID()
            order.totalAmount = Int64(index * 100)
            if index.isMultiple(of: 3) {
                let event = Event(source: "order-service", subject: "\(order.orderId)", correlationID: "c", data: order.v1)
                stream.append(try registry.encode(event))
                order.currency = "USD"
            } else {
                let event = Event(source: "order-service", subject: "\(order.orderId)", correlationID: "c", data: order)
                stream.append(try registry.encode(event))
            }
            expected.append(order)
        }

        let decoded = try stream.map { bytes in try #require(try registry.decode(bytes).as(OrderPlaced.self)).data }

        #expect(decoded == expected)
        #expect(registry.newestVersion(of: OrderPlaced.eventType) == 2)
    }
}
