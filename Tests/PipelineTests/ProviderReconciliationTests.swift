import Foundation
import Invariants
import PaymentProvider
import Testing

@Suite struct ProviderReconciliationTests {
    func charge(_ order: String, _ status: ChargeView.Status) -> ChargeView {
        ChargeView(id: UUID(), reference: order, customerId: "c", amount: 100, currency: "EUR", status: status)
    }

    @Test func matchingBooksHold() {
        let tally = ProviderReconciliation.check(
            charges: [charge("a", .authorized), charge("b", .refunded), charge("c", .declined)],
            payments: ["a": "authorized", "b": "refunded", "c": "declined"],
            orders: ["a": "shipped", "b": "cancelled", "c": "cancelled"])
        #expect(tally.holds, "\(tally.problems)")
        #expect(tally.charged == 2)
        #expect(tally.refunded == 1)
        #expect(tally.declined == 1)
    }

    @Test func aSecondChargeAMissingRefundAndAnUnrecordedChargeAreNamed() {
        let tally = ProviderReconciliation.check(
            charges: [charge("a", .authorized), charge("a", .authorized), charge("b", .authorized), charge("d", .authorized)],
            payments: ["a": "authorized", "b": "authorized", "e": "authorized"],
            orders: ["a": "shipped", "b": "cancelled", "d": "shipped", "e": "shipped"])
        #expect(tally.problems.contains("order a was charged 2 times"))
        #expect(tally.problems.contains("order b was cancelled but its charge was not refunded"))
        #expect(tally.problems.contains("order d was charged but its payment is not recorded"))
        #expect(tally.problems.contains("order e's payment is authorized but the provider holds no charge for it"))
    }
}
