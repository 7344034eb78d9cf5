import Events
import Foundation

/// The body of `POST /api/v1/orders`: an order request without the ids the service assigns.
struct OrderRequestBody: Codable, Sendable {
    var orderId: String?
    var customerId: String
    var lines: [OrderLine]
    var currency: String
    /// Optional: computed from the lines when omitted.
    var totalAmount: Int64?
    var paymentToken: String
    var shippingCountry: String

    func request(orderID: String) -> OrderRequested {
        let computed = lines.reduce(Int64(0)) { sum, line in
            let (lineTotal, o1) = Int64(line.quantity).multipliedReportingOverflow(by: line.unitPrice)
            let (next, o2) = sum.addingReportingOverflow(lineTotal)
            return o1 || o2 ? Int64.max : next
        }
        return OrderRequested(
            orderId: orderID, customerId: customerId, lines: lines, currency: currency,
            totalAmount: totalAmount ?? computed, paymentToken: paymentToken, shippingCountry: shippingCountry)
    }
}

struct AcceptedOrder: Codable, Sendable {
    var orderId: String
    var correlationId: String
    var status = "accepted"
}
