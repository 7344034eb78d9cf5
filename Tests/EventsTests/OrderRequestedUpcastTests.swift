import Events
import Foundation
import Testing

/// Old clients send order.requested v1 (no currency, USD), new ones v2; the order service sees
/// only `OrderRequested`, and the envelope still tells which version arrived.
@Suite struct OrderRequestedUpcastTests {
    let registry = EventRegistry.standard

    func event<P: EventPayload>(_ payload: P) -> Event<P> {
        Event(source: "orderflow-cli", subject: "s", correlationID: "c", data: payload)
    }

    @Test func v1UpcastsWithUSDAndKeepsEveryField() {
        let v1 = SampleEvents.orderRequested.v1

        let upcast = OrderRequested(upcasting: v1)

        #expect(upcast.currency == "USD")
        #expect(upcast.v1 == v1)
        #expect(upcast.orderId == v1.orderId && upcast.customerId == v1.customerId)
        #expect(upcast.lines == v1.lines && upcast.totalAmount == v1.totalAmount)
        #expect(upcast.paymentToken == v1.paymentToken && upcast.shippingCountry == v1.shippingCountry)
    }

    @Test func newestVersionIsTwoAndV1StaysDecodable() {
        #expect(OrderRequested.schemaVersion == 2)
        #expect(OrderRequestedV1.schemaVersion == 1)
        #expect(registry.newestVersion(of: OrderRequested.eventType) == 2)
        #expect(registry.isRegistered(type: OrderRequested.eventType, version: 1))
    }

    @Test func v1IsEncodedWithoutCurrencyAndV2WithIt() throws {
        let v1JSON = String(decoding: try registry.encode(event(SampleEvents.orderRequested.v1)), as: UTF8.self)
        let v2JSON = String(decoding: try registry.encode(event(SampleEvents.orderRequested)), as: UTF8.self)

        #expect(v1JSON.contains(#""schemaversion":1,"#))
        #expect(!v1JSON.contains("currency"))
        #expect(v2JSON.contains(#""schemaversion":2,"#))
        #expect(v2JSON.contains(#""currency":"EUR""#))
    }

    @Test func decodingV1BytesYieldsAnOrderRequestedButKeepsTheWireVersion() throws {
        let v1 = event(SampleEvents.orderRequested.v1)

        let decoded = try registry.decode(try registry.encode(v1))

        let requested = try #require(decoded.as(OrderRequested.self))
        #expect(requested.data == OrderRequested(upcasting: v1.data))
        #expect(requested.data.currency == "USD")
        #expect(requested.metadata.schemaVersion == 1)
        #expect(decoded.as(OrderRequestedV1.self) == nil)
    }

    /// v1 is as loose as v2: values a v1 client gets wrong must reach the order service to be rejected.
    @Test func looseV1ValuesSurviveUpcasting() throws {
        let loose = OrderRequestedV1(
            orderId: "not-a-uuid", customerId: "", lines: [OrderLine(sku: "", quantity: -3, unitPrice: -100)],
            totalAmount: -300, paymentToken: "", shippingCountry: "Germany")

        let decoded = try #require(try registry.decode(try registry.encode(event(loose))).as(OrderRequested.self))

        #expect(decoded.data == OrderRequested(upcasting: loose))
    }

    @Test func v1RequestWithoutAFieldOtherThanCurrencyIsInvalidData() throws {
        let json = String(decoding: try registry.encode(event(SampleEvents.orderRequested.v1)), as: UTF8.self)
        let withoutToken = json.replacingOccurrences(of: #","paymentToken":"tok_visa_ok""#, with: "")
        try #require(withoutToken != json)

        do {
            let decoded = try registry.decode(Array(withoutToken.utf8))
            Issue.record("a v1 request without paymentToken decoded: \(decoded)")
        } catch {
            #expect(error.errorClass == "invalid_data")
            #expect(error.description.contains("paymentToken"), "\(error)")
        }
    }

    @Test func v2RequestWithoutCurrencyIsInvalidData() throws {
        let json = String(decoding: try registry.encode(event(SampleEvents.orderRequested)), as: UTF8.self)
        let withoutCurrency = json.replacingOccurrences(of: #""currency":"EUR","#, with: "")
        try #require(withoutCurrency != json)

        do {
            let decoded = try registry.decode(Array(withoutCurrency.utf8))
            Issue.record("a v2 request without currency decoded: \(decoded)")
        } catch {
            #expect(error.errorClass == "invalid_data")
            #expect(error.description.contains("currency"), "\(error)")
        }
    }

    @Test func theV1ExampleFileDecodesAsAUSDRequest() throws {
        let file = ContractFiles.validExamples.appendingPathComponent("order-requested--v1.json")

        let decoded = try registry.decode([UInt8](Data(contentsOf: file)))

        let requested = try #require(decoded.as(OrderRequested.self))
        #expect(requested.metadata.schemaVersion == 1)
        #expect(requested.data.currency == "USD")
        #expect(requested.data.totalAmount == 1250)
    }

    @Test func aStreamMixingV1AndV2DecodesIntoOrderRequestedValues() throws {
        var stream: [[UInt8]] = []
        var expected: [OrderRequested] = []
        for index in 0..<20 {
            var request = SampleEvents.orderRequested
            request.orderId = "order-\(index)"
            request.totalAmount = Int64(index * 100)
            if index.isMultiple(of: 3) {
                stream.append(try registry.encode(event(request.v1)))
                request.currency = "USD"
            } else {
                stream.append(try registry.encode(event(request)))
            }
            expected.append(request)
        }

        let decoded = try stream.map { bytes in try #require(try registry.decode(bytes).as(OrderRequested.self)).data }

        #expect(decoded == expected)
    }
}
