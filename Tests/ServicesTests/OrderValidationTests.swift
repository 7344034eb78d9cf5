import Events
import Foundation
@testable import OrderService
import Testing

@Suite("Order validation")
struct OrderValidationTests {
    static let orderID = "3f2b8c1e-5d4a-4e7f-9a1b-2c3d4e5f6a7b"

    func request(
        orderId: String = orderID, customerId: String = "cust-1",
        lines: [OrderLine] = [OrderLine(sku: "SKU-0001", quantity: 2, unitPrice: 1_250), OrderLine(sku: "SKU-0002", quantity: 1, unitPrice: 500)],
        currency: String = "USD", totalAmount: Int64? = nil, paymentToken: String = "tok_visa_1", shippingCountry: String = "DE"
    ) -> OrderRequested {
        let computed = lines.reduce(Int64(0)) { $0 &+ Int64($1.quantity) &* $1.unitPrice }
        return OrderRequested(
            orderId: orderId, customerId: customerId, lines: lines, currency: currency, totalAmount: totalAmount ?? computed,
            paymentToken: paymentToken, shippingCountry: shippingCountry)
    }

    func rejectedFields(_ request: OrderRequested, placedVersion: Int = 2) -> [String] {
        guard case .rejected(let errors) = OrderValidation.validate(request, placedVersion: placedVersion) else { return [] }
        return errors.map(\.field)
    }

    @Test func aValidRequestIsPlacedWithEveryField() throws {
        let outcome = OrderValidation.validate(request(orderId: Self.orderID.uppercased()), placedVersion: 2)
        guard case .accepted(let placed) = outcome else {
            Issue.record("rejected: \(outcome)")
            return
        }
        #expect(placed.orderId == UUID(uuidString: Self.orderID))
        #expect(placed.totalAmount == 3_000)
        #expect(placed.currency == "USD")
        #expect(placed.shippingCountry == "DE")
        #expect(placed.lines.count == 2)
    }

    @Test func zeroQuantityIsRejected() {
        #expect(rejectedFields(request(lines: [OrderLine(sku: "SKU-0001", quantity: 0, unitPrice: 100)])) == ["lines[0].quantity"])
    }

    @Test func aTotalThatDoesNotMatchTheLinesIsRejected() {
        #expect(rejectedFields(request(totalAmount: 3_001)) == ["totalAmount"])
    }

    @Test func anUnknownCurrencyIsRejected() {
        #expect(rejectedFields(request(currency: "XXX")) == ["currency"])
    }

    @Test func aMalformedOrderIdIsRejected() {
        #expect(rejectedFields(request(orderId: "order-17-4242")) == ["orderId"])
    }

    @Test func anOrderWithoutLinesIsRejected() {
        #expect(rejectedFields(request(lines: [])) == ["lines"])
    }

    @Test func otherCurrenciesNeedOrderPlacedVersion2() {
        #expect(rejectedFields(request(currency: "EUR"), placedVersion: 1) == ["currency"])
        #expect(rejectedFields(request(currency: "EUR"), placedVersion: 2).isEmpty)
        #expect(rejectedFields(request(currency: "USD"), placedVersion: 1).isEmpty)
    }

    @Test func overflowingLineTotalsAreRejectedWithoutCrashing() {
        let huge = OrderLine(sku: "SKU-0001", quantity: 10_000, unitPrice: Int64.max / 2)
        #expect(rejectedFields(request(lines: [huge], totalAmount: 1)).contains("totalAmount"))
    }

    @Test func identifiersAndCountryAreChecked() {
        #expect(rejectedFields(request(customerId: "")) == ["customerId"])
        #expect(rejectedFields(request(customerId: "cust 1")) == ["customerId"])
        #expect(rejectedFields(request(shippingCountry: "de")) == ["shippingCountry"])
        #expect(rejectedFields(request(paymentToken: "")) == ["paymentToken"])
        #expect(rejectedFields(request(lines: [OrderLine(sku: "SKU 1", quantity: 1, unitPrice: 1)])) == ["lines[0].sku"])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let fields = rejectedFields(request(orderId: "x", currency: "XXX", shippingCountry: "Germany"))
        #expect(Set(fields) == ["orderId", "currency", "shippingCountry"])
    }
}
