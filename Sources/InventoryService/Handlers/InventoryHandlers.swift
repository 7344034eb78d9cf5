import Events
import Foundation
import Streaming

/// order.placed → reserve every line or reject the order; order.cancelled → release a held
/// reservation, once.
struct InventoryHandlers: Sendable {
    func placed(_ event: Event<OrderPlaced>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let order = event.data
        let store = InventoryStore(transaction: context.transaction)
        if try await store.hasReservation(for: order.orderId) { return [] }
        let requested = ReservationRules.requested(order.lines)
        let available = try await store.lockAvailability(of: requested.map(\.sku))
        switch ReservationRules.decide(requested, available: available) {
        case .reserve(let lines):
            let reservationID = UUID()
            try await store.hold(lines, orderID: order.orderId, reservationID: reservationID)
            return [try context.emit(StockReserved(orderId: order.orderId, reservationId: reservationID, lines: lines))]
        case .reject(let unavailable):
            try await store.recordRejection(requested, orderID: order.orderId)
            return [try context.emit(StockRejected(orderId: order.orderId, unavailable: unavailable))]
        }
    }

    func cancelled(_ event: Event<OrderCancelled>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let store = InventoryStore(transaction: context.transaction)
        // Nothing held: nothing to release.
        guard let reservation = try await store.lockReservation(of: event.data.orderId), reservation.status == .held else { return [] }
        try await store.release(reservation, orderID: event.data.orderId)
        return [try context.emit(StockReleased(
            orderId: event.data.orderId, reservationId: reservation.reservationID, lines: reservation.lines))]
    }
}
