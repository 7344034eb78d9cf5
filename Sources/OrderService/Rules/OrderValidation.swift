import Events
import Foundation

/// The order service's acceptance rules for an `order.requested` command. Plain values in, plain
/// values out: tested without Kafka or Postgres.
enum OrderValidation {
    static let knownCurrencies: Set<String> = [
        "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "SGD", "HKD",
    ]
    static let maxLines = 100
    static let maxQuantity = 10_000

    enum Outcome: Equatable {
        case accepted(OrderPlaced)
        case rejected([OrderRejected.ValidationError])
    }

    /// `placedVersion` is the `order.placed` version this deployment emits; version 1 has no currency
    /// field (consumers read it as USD), so other currencies need version 2.
    static func validate(_ request: OrderRequested, placedVersion: Int) -> Outcome {
        var errors: [OrderRejected.ValidationError] = []
        func fail(_ field: String, _ message: String) { errors.append(.init(field: field, message: message)) }

        let orderID = UUID(parsing: request.orderId)
        if orderID == nil { fail("orderId", "must be a UUID") }
        if !isIdentifier(request.customerId, maxLength: 64) {
            fail("customerId", "must be 1-64 letters, digits, '-' or '_'")
        }
        if request.lines.isEmpty { fail("lines", "an order needs at least one line") }
        if request.lines.count > maxLines { fail("lines", "at most \(maxLines) lines") }
        var total: Int64 = 0
        var overflow = false
        for (index, line) in request.lines.enumerated() {
            let path = "lines[\(index)]"
            if !isIdentifier(line.sku, maxLength: 32) { fail("\(path).sku", "must be 1-32 letters, digits, '-' or '_'") }
            if line.quantity < 1 { fail("\(path).quantity", "must be positive, got \(line.quantity)") }
            if line.quantity > maxQuantity { fail("\(path).quantity", "at most \(maxQuantity)") }
            if line.unitPrice < 0 { fail("\(path).unitPrice", "must not be negative, got \(line.unitPrice)") }
            let (lineTotal, o1) = Int64(line.quantity).multipliedReportingOverflow(by: line.unitPrice)
            let (sum, o2) = total.addingReportingOverflow(lineTotal)
            overflow = overflow || o1 || o2
            total = sum
        }
        if !knownCurrencies.contains(request.currency) {
            fail("currency", "unknown currency \(request.currency.debugDescription)")
        } else if placedVersion == 1 && request.currency != OrderPlaced.v1DefaultCurrency {
            fail("currency", "only USD is accepted while order.placed v1 is published")
        }
        if overflow {
            fail("totalAmount", "line totals overflow")
        } else if errors.allSatisfy({ !$0.field.hasPrefix("lines") }) && request.totalAmount != total {
            fail("totalAmount", "is \(request.totalAmount) but the lines add up to \(total)")
        }
        if request.paymentToken.isEmpty || request.paymentToken.count > 128 {
            fail("paymentToken", "must be 1-128 characters")
        }
        if request.shippingCountry.count != 2 || !request.shippingCountry.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            fail("shippingCountry", "must be an ISO 3166 alpha-2 code like US")
        }
        guard errors.isEmpty, let orderID else { return .rejected(errors) }
        return .accepted(OrderPlaced(
            orderId: orderID, customerId: request.customerId, lines: request.lines, totalAmount: request.totalAmount,
            paymentToken: request.paymentToken, shippingCountry: request.shippingCountry, currency: request.currency))
    }

    private static func isIdentifier(_ value: String, maxLength: Int) -> Bool {
        !value.isEmpty && value.count <= maxLength
            && value.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }
}
