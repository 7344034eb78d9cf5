import Events
import Invariants
import LocalStack
import OrderTraffic

/// Builds the snapshot a correct pipeline would leave for generated orders, so a test can break one
/// thing and see the invariants catch it.
struct SnapshotBuilder {
    var snapshot = PipelineSnapshot()

    init(stock: [String: Int] = PipelineInvariants.defaultSeededStock) {
        for (sku, onHand) in stock { snapshot.stock[sku] = .init(onHand: onHand, reserved: 0) }
    }

    static func orders(_ scenarios: [OrderScenario]) -> [GeneratedOrder] {
        var generator = OrderGenerator(mix: .default, seed: 7)
        var found: [GeneratedOrder] = []
        for scenario in scenarios {
            var order = generator.next()
            // The mix is random per draw; keep drawing until this scenario comes up.
            while order.scenario != scenario { order = generator.next() }
            found.append(order)
        }
        return found
    }

    mutating func settle(_ order: GeneratedOrder) {
        let id = order.request.orderId
        let correlation = order.event.metadata.correlationID
        func emit(_ service: PipelineService, _ type: String) {
            snapshot.emitted.append(.init(service: service, key: id, type: type, correlationID: correlation, published: true))
        }
        var units: [String: Int] = [:]
        for line in order.request.lines { units[line.sku, default: 0] += line.quantity }
        switch order.scenario {
        case .paid:
            snapshot.orders[id] = .init(status: "shipped", correlationID: correlation, placedVersion: 2)
            snapshot.payments[id] = "authorized"
            snapshot.reservations[id] = .init(status: "held", lines: units)
            for (sku, quantity) in units { snapshot.stock[sku]?.reserved += quantity }
            snapshot.shipments[id] = 1
            snapshot.notifications[id] = ["confirmed": 1, "shipped": 1]
            for type in ["order.placed", "order.confirmed"] { emit(.order, type) }
            emit(.payment, "payment.authorized")
            emit(.inventory, "stock.reserved")
            emit(.shipping, "shipment.scheduled")
        case .declined:
            snapshot.orders[id] = .init(status: "cancelled", cancelReason: "payment_declined", correlationID: correlation, placedVersion: 2)
            snapshot.payments[id] = "declined"
            snapshot.reservations[id] = .init(status: "released", lines: units)
            snapshot.notifications[id] = ["cancelled": 1]
            for type in ["order.placed", "order.cancelled"] { emit(.order, type) }
            emit(.payment, "payment.declined")
            emit(.inventory, "stock.reserved")
            emit(.inventory, "stock.released")
        case .outOfStock:
            snapshot.orders[id] = .init(status: "cancelled", cancelReason: "out_of_stock", correlationID: correlation, placedVersion: 1)
            snapshot.payments[id] = "refunded"
            snapshot.reservations[id] = .init(status: "rejected", lines: units)
            snapshot.notifications[id] = ["cancelled": 1]
            for type in ["order.placed", "order.cancelled"] { emit(.order, type) }
            emit(.payment, "payment.authorized")
            emit(.payment, "payment.refunded")
            emit(.inventory, "stock.rejected")
        case .invalid:
            snapshot.orders[id] = .init(status: "rejected", correlationID: correlation)
            emit(.order, "order.rejected")
        }
    }
}
