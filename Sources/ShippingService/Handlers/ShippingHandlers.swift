import Events
import Foundation
import Streaming

/// order.confirmed → one shipment per order.
struct ShippingHandlers: Sendable {
    /// The country is not on order.confirmed; shipping keeps what order.placed said.
    func placed(_ event: Event<OrderPlaced>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        try await ShippingStore(transaction: context.transaction)
            .recordDestination(of: event.data.orderId, country: event.data.shippingCountry)
        return []
    }

    func confirmed(_ event: Event<OrderConfirmed>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let store = ShippingStore(transaction: context.transaction)
        let orderID = event.data.orderId
        if try await store.hasShipment(for: orderID) { return [] }
        let country = try await store.destination(of: orderID) ?? "US"
        let shipmentID = UUID()
        let carrier = ShippingRules.carrier(forCountry: country)
        let date = ShippingRules.scheduledDate(confirmedAt: event.metadata.time)
        try await store.schedule(orderID: orderID, shipmentID: shipmentID, carrier: carrier, date: date)
        return [try context.emit(ShipmentScheduled(
            orderId: orderID, shipmentId: shipmentID, carrier: carrier, scheduledFor: date, shippingCountry: country))]
    }
}
