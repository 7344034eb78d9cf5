import Foundation
@testable import OrderService
import Testing

/// The order's saga state: facts arrive in any order and more than once; the status only moves forward.
@Suite("Order state")
struct OrderStateTests {
    let payment = UUID()
    let reservation = UUID()
    let shipment = UUID()

    /// Records the facts one by one, applying every transition they call for, as the saga handler does.
    func run(_ facts: [(inout OrderState) -> Void], from start: OrderState = OrderState(status: .placed)) -> (OrderState, [OrderState.Transition]) {
        var state = start
        var transitions: [OrderState.Transition] = []
        for fact in facts {
            fact(&state)
            while let transition = state.nextTransition() {
                state.apply(transition)
                transitions.append(transition)
            }
        }
        return (state, transitions)
    }

    @Test func paymentThenStockConfirms() {
        let (state, transitions) = run([
            { $0.record(.authorized(paymentID: self.payment)) }, { $0.record(.reserved(reservationID: self.reservation)) },
        ])
        #expect(state.status == .confirmed)
        #expect(transitions == [.confirm(paymentID: payment, reservationID: reservation)])
    }

    @Test func stockThenPaymentConfirmsToo() {
        let (state, transitions) = run([
            { $0.record(.reserved(reservationID: self.reservation)) }, { $0.record(.authorized(paymentID: self.payment)) },
        ])
        #expect(state.status == .confirmed)
        #expect(transitions.count == 1)
    }

    @Test func aDeclineCancelsAtOnceAndLaterStockChangesNothing() {
        let (state, transitions) = run([
            { $0.record(.declined(reason: "card_declined")) }, { $0.record(.reserved(reservationID: self.reservation)) },
        ])
        #expect(state.status == .cancelled)
        #expect(transitions == [.cancel(reason: .paymentDeclined, detail: "card_declined")])
    }

    @Test func missingStockCancelsEvenAfterAnAuthorization() {
        let (state, transitions) = run([
            { $0.record(.authorized(paymentID: self.payment)) }, { $0.record(.rejected(detail: "SKU-SOLDOUT")) },
        ])
        #expect(state.status == .cancelled)
        #expect(transitions == [.cancel(reason: .outOfStock, detail: "SKU-SOLDOUT")])
    }

    @Test func theFirstFactOfAKindWins() {
        var state = OrderState(status: .placed)
        state.record(.declined(reason: "card_declined"))
        state.record(.authorized(paymentID: payment))
        #expect(state.payment == .declined(reason: "card_declined"))
        state.record(.rejected(detail: "first"))
        state.record(.reserved(reservationID: reservation))
        #expect(state.stock == .rejected(detail: "first"))
    }

    @Test func duplicateFactsCauseNoSecondTransition() {
        let (state, transitions) = run([
            { $0.record(.authorized(paymentID: self.payment)) }, { $0.record(.reserved(reservationID: self.reservation)) },
            { $0.record(.authorized(paymentID: self.payment)) }, { $0.record(.reserved(reservationID: self.reservation)) },
        ])
        #expect(state.status == .confirmed)
        #expect(transitions.count == 1)
    }

    @Test func aShipmentShipsOnlyAConfirmedOrder() {
        let (early, earlyTransitions) = run([{ $0.recordShipment(self.shipment) }])
        #expect(early.status == .placed)
        #expect(earlyTransitions.isEmpty)

        let (state, transitions) = run([
            { $0.record(.authorized(paymentID: self.payment)) }, { $0.record(.reserved(reservationID: self.reservation)) },
            { $0.recordShipment(self.shipment) }, { $0.recordShipment(UUID()) },
        ])
        #expect(state.status == .shipped)
        #expect(state.shipmentID == shipment)
        #expect(transitions.last == .ship(shipmentID: shipment))
    }

    @Test(arguments: [OrderStatus.cancelled, .shipped, .rejected])
    func terminalStatusesNeverMove(status: OrderStatus) {
        var state = OrderState(status: status)
        state.record(.authorized(paymentID: payment))
        state.record(.reserved(reservationID: reservation))
        state.recordShipment(shipment)
        #expect(status.isTerminal)
        #expect(state.nextTransition() == nil)
    }
}
