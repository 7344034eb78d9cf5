import Events
import Streaming

/// order.requested → order.placed (in the configured version) or order.rejected.
struct OrderRequestHandler: Sendable {
    let placedVersion: Int

    func handle(_ event: Event<OrderRequested>, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let request = event.data
        let store = OrderStore(transaction: context.transaction)
        // A second request for an order already on record (a new event id, so not a redelivery) changes nothing.
        let orderID = OrderIdentifier.canonical(request.orderId)
        if try await store.exists(orderID) {
            context.logger.info("order already on record; request ignored", metadata: ["order_id": "\(request.orderId)"])
            return []
        }
        switch OrderValidation.validate(request, placedVersion: placedVersion) {
        case .rejected(let errors):
            try await store.insertRejected(request, errors: errors, correlationID: context.incoming.correlationID)
            try await store.recordHistory(orderID, event: event.metadata, status: .rejected,
                                          detail: errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "))
            context.logger.info("order rejected", metadata: ["errors": "\(errors.count)"])
            return [try context.emit(OrderRejected(orderId: request.orderId, errors: errors))]
        case .accepted(let placed):
            try await store.insertPlaced(placed, version: placedVersion, correlationID: context.incoming.correlationID)
            try await store.recordHistory(orderID, event: event.metadata, status: .placed, detail: nil)
            if placedVersion == 1 {
                return [try context.emit(placed.v1, subject: orderID)]
            }
            return [try context.emit(placed, subject: orderID)]
        }
    }
}
