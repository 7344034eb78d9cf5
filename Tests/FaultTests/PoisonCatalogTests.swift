import Events
@testable import FaultSuite
import Foundation
import Kafka
@testable import OrderTraffic
import Testing

/// Each poison kind is broken in exactly the way its name says: the checks a consumer makes before any
/// database work (the same order as the runtime's) give the error class the scenario expects.
@Suite struct PoisonCatalogTests {
    static let consumerLimit = 1_000_000

    static func errorClass(of record: KafkaRecord) -> String? {
        guard let value = record.value, !value.isEmpty else { return "empty_value" }
        guard value.count <= consumerLimit else { return "too_large" }
        guard let key = record.key, !key.isEmpty else { return "missing_key" }
        do {
            let event = try EventRegistry.standard.decode(value)
            return key.elementsEqual(event.metadata.subject.utf8) ? nil : "key_mismatch"
        } catch {
            return error.errorClass
        }
    }

    @Test(arguments: PoisonKind.allCases)
    func kindGetsItsErrorClass(_ kind: PoisonKind) throws {
        var generator = OrderGenerator(seed: 77)
        let catalog = PoisonCatalog(oversizedValueBytes: 2_000_000)
        for _ in 0..<20 {
            let record = try catalog.record(kind, from: generator.next(), topic: TopicCatalog.orderRequests)
            #expect(Self.errorClass(of: record) == kind.expectedErrorClass)
            #expect(record.topic == TopicCatalog.orderRequests)
        }
    }

    @Test func goodOrdersPassTheSameChecks() throws {
        var generator = OrderGenerator(seed: 78)
        for _ in 0..<50 {
            #expect(Self.errorClass(of: try OrderRequestPublisher.record(for: generator.next())) == nil)
        }
    }

    @Test func oversizedValueHasTheRequestedSize() throws {
        var generator = OrderGenerator(seed: 79)
        let record = try PoisonCatalog(oversizedValueBytes: 3_000_000).record(.oversized, from: generator.next(), topic: "t")
        let size = try #require(record.value?.count)
        #expect((3_000_000...3_000_100).contains(size))
    }

    @Test func reusedEventIDKeepsTheIDAndChangesTheBody() throws {
        var generator = OrderGenerator(seed: 80)
        let order = generator.next()
        let pair = try PoisonCatalog.duplicateIDPair(order, topic: TopicCatalog.orderRequests)
        let first = try EventRegistry.standard.decode(try #require(pair.first.value))
        let second = try EventRegistry.standard.decode(try #require(pair.second.value))
        #expect(first.metadata.id == second.metadata.id)
        #expect(try #require(first.as(OrderRequested.self)).data.customerId == order.request.customerId)
        #expect(try #require(second.as(OrderRequested.self)).data.customerId == pair.secondCustomer)
        #expect(pair.first.key == pair.second.key)
    }
}
