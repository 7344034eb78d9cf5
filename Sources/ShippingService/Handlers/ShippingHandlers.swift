import Events
import Foundation
import Streaming

/// order.confirmed → one shipment per order.
struct ShippingHandlers: Sendable {
    /// The country is not on order.confirmed; shipping keeps what order.placed said.
    func placed(_ event: Event<OrderPlaced>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        try await context.transaction.execute(
            "INSERT INTO destinations (order_id, country) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            [.uuid(event.data.orderId), .text(event.data.shippingCountry)])
        return []
    }

    func confirmed(_ event: Event<OrderConfirmed>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let tx = context.transaction
        let orderID = event.data.orderId
        if try await !tx.query("SELECT 1 FROM shipments WHERE order_id = $1", [.uuid(orderID)]).isEmpty {
            return []
        }
        let country = try await tx.query("SELECT country FROM destinations WHERE order_id = $1", [.uuid(orderID)])
            .first?["country"].string() ?? "US"
        let shipmentID = UUID()
        let carrier = ShippingRules.carrier(forCountry: country)
        let date = ShippingRules.scheduledDate(confirmedAt: event.metadata.time)
        try await tx.execute(
            "INSERT INTO shipments (order_id, shipment_id, carrier, scheduled_for) VALUES ($1, $2, $3, $4::text::date)",
            [.uuid(orderID), .uuid(shipmentID), .text(carrier), .text(date)])
        return [try context.emit(ShipmentScheduled(
            orderId: orderID, shipmentId: shipmentID, carrier: carrier, scheduledFor: date, shippingCountry: country))]
    }
}
