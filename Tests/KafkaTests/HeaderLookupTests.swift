import Kafka
import Testing

@Suite struct HeaderLookupTests {
    @Test func firstNamedReturnsTheFirstMatchingValue() {
        let headers = [
            KafkaHeader(key: "type", string: "order.placed"),
            KafkaHeader(key: "type", string: "ignored"),
            KafkaHeader(key: "nothing", value: nil),
        ]
        #expect(headers.first(named: "type") == Array("order.placed".utf8))
        #expect(headers.string(named: "type") == "order.placed")
        #expect(headers.first(named: "nothing") == nil)
        #expect(headers.string(named: "missing") == nil)
    }

    @Test func stringNamedRejectsInvalidUTF8() {
        let headers = [KafkaHeader(key: "bad", value: [0xFF, 0xFE])]
        #expect(headers.first(named: "bad") == [0xFF, 0xFE])
        #expect(headers.string(named: "bad") == nil)
    }
}
