import Events
import Foundation
@testable import NotificationService
import Testing

@Suite("Notification rules")
struct NotificationRulesTests {
    let orderID = UUID(uuidString: "3F2B8C1E-5D4A-4E7F-9A1B-2C3D4E5F6A7B")!

    @Test func confirmedNamesTheOrderAndTheAmount() {
        let message = NotificationRules.confirmed(OrderConfirmed(
            orderId: orderID, paymentId: UUID(), reservationId: UUID(), totalAmount: 123_405, currency: "EUR"))
        #expect(message == "Your order 3f2b8c1e-5d4a-4e7f-9a1b-2c3d4e5f6a7b is confirmed: 1234.05 EUR.")
    }

    @Test(arguments: [(OrderCancelled.Reason.paymentDeclined, "your payment was declined"), (.outOfStock, "an item is out of stock")])
    func cancelledSaysWhy(reason: OrderCancelled.Reason, why: String) {
        let message = NotificationRules.cancelled(OrderCancelled(orderId: orderID, reason: reason, detail: "x"))
        #expect(message.contains(why))
        #expect(message.contains(orderID.uuidString.lowercased()))
    }

    @Test func shippedNamesCarrierAndDate() {
        let message = NotificationRules.shipped(ShipmentScheduled(
            orderId: orderID, shipmentId: UUID(), carrier: "DHL", scheduledFor: "2026-11-23"))
        #expect(message.hasSuffix("ships with DHL on 2026-11-23."))
    }

    @Test(arguments: [(Int64(5), "USD", "0.05 USD"), (100, "USD", "1.00 USD"), (-250, "GBP", "-2.50 GBP"), (1500, "JPY", "1500 JPY")])
    func moneyIsFormattedInMajorUnits(minor: Int64, currency: String, text: String) {
        #expect(Money.format(minor, currency) == text)
    }

    @Test func theSmallestAmountDoesNotCrash() {
        #expect(Money.format(Int64.min, "USD").hasPrefix("-"))
    }
}
