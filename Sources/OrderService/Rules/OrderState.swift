import Foundation

enum PaymentFact: Equatable, Sendable {
    case authorized(paymentID: UUID)
    case declined(reason: String)
}

enum StockFact: Equatable, Sendable {
    case reserved(reservationID: UUID)
    case rejected(detail: String)
}

/// What the order service knows about one order. Facts arrive from three topics in any order, each at
/// least once; they are recorded once (first wins) and the status only moves forward.
struct OrderState: Equatable, Sendable {
    var status: OrderStatus
    var payment: PaymentFact?
    var stock: StockFact?
    var shipmentID: UUID?

    enum Transition: Equatable, Sendable {
        case confirm(paymentID: UUID, reservationID: UUID)
        case cancel(reason: CancelReason, detail: String)
        case ship(shipmentID: UUID)
    }

    enum CancelReason: String, Sendable { case paymentDeclined = "payment_declined", outOfStock = "out_of_stock" }

    /// The next step the recorded facts call for, if any.
    func nextTransition() -> Transition? {
        switch status {
        case .placed:
            if case .declined(let reason)? = payment { return .cancel(reason: .paymentDeclined, detail: reason) }
            if case .rejected(let detail)? = stock { return .cancel(reason: .outOfStock, detail: detail) }
            if case .authorized(let paymentID)? = payment, case .reserved(let reservationID)? = stock {
                return .confirm(paymentID: paymentID, reservationID: reservationID)
            }
            return nil
        case .confirmed:
            if let shipmentID { return .ship(shipmentID: shipmentID) }
            return nil
        case .cancelled, .shipped, .rejected:
            return nil
        }
    }

    mutating func apply(_ transition: Transition) {
        switch transition {
        case .confirm: status = .confirmed
        case .cancel: status = .cancelled
        case .ship: status = .shipped
        }
    }

    mutating func record(_ fact: PaymentFact) { if payment == nil { payment = fact } }
    mutating func record(_ fact: StockFact) { if stock == nil { stock = fact } }
    mutating func recordShipment(_ id: UUID) { if shipmentID == nil { shipmentID = id } }
}
