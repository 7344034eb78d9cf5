import Events
@testable import InventoryService
import Testing

@Suite("Reservation rules")
struct ReservationRulesTests {
    @Test func linesOfOneSKUAreSummedAndSorted() {
        let requested = ReservationRules.requested([
            OrderLine(sku: "SKU-0002", quantity: 3, unitPrice: 1), OrderLine(sku: "SKU-0001", quantity: 1, unitPrice: 1),
            OrderLine(sku: "SKU-0002", quantity: 3, unitPrice: 9),
        ])
        #expect(requested == [ReservedLine(sku: "SKU-0001", quantity: 1), ReservedLine(sku: "SKU-0002", quantity: 6)])
    }

    @Test func everythingAvailableIsReserved() {
        let lines = [ReservedLine(sku: "A", quantity: 2), ReservedLine(sku: "B", quantity: 5)]
        #expect(ReservationRules.decide(lines, available: ["A": 2, "B": 10]) == .reserve(lines))
    }

    @Test func oneShortLineRejectsTheWholeOrderNamingOnlyIt() {
        let lines = [ReservedLine(sku: "A", quantity: 2), ReservedLine(sku: "B", quantity: 6)]
        #expect(ReservationRules.decide(lines, available: ["A": 2, "B": 5]) == .reject([.init(sku: "B", requested: 6, available: 5)]))
    }

    @Test func unknownSKUsHaveNothingAvailable() {
        let lines = [ReservedLine(sku: "SKU-SOLDOUT", quantity: 1), ReservedLine(sku: "NOPE", quantity: 1)]
        #expect(ReservationRules.decide(lines, available: ["SKU-SOLDOUT": 0]) == .reject([
            .init(sku: "SKU-SOLDOUT", requested: 1, available: 0), .init(sku: "NOPE", requested: 1, available: 0),
        ]))
    }

    @Test func theSeedMatchesTheGeneratorsCatalogue() {
        #expect(InventoryMigrations.seededSKUs.first == "SKU-0001")
        #expect(InventoryMigrations.seededSKUs.count == 20)
        #expect(InventoryMigrations.soldOutSKU == "SKU-SOLDOUT")
    }
}
