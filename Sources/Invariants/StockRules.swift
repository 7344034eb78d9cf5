import InventoryService
import OrderService
import OrderTraffic

/// Stock is conserved: on hand never changes, and reserved is exactly what held reservations hold.
extension InvariantChecker {
    mutating func checkStock(seeded: [String: Int], shippedOrders: [GeneratedOrder]?) {
        var held: [String: Int] = [:]
        for reservation in snapshot.reservations.values where reservation.status == ReservationStatus.held.rawValue {
            for (sku, units) in reservation.lines { held[sku, default: 0] += units }
        }
        var shipped: [String: Int]?
        if let shippedOrders {
            var units: [String: Int] = [:]
            for order in shippedOrders where snapshot.orders[order.storedID]?.status == OrderStatus.shipped.rawValue {
                for (sku, quantity) in order.requestedUnits { units[sku, default: 0] += quantity }
            }
            shipped = units
        }
        for (sku, onHand) in seeded.sorted(by: { $0.key < $1.key }) {
            guard let level = snapshot.stock[sku] else {
                fail(.stock, sku, "missing from the stock table")
                continue
            }
            if level.onHand != onHand { fail(.stock, sku, "on hand is \(level.onHand), seeded with \(onHand)") }
            if level.reserved < 0 { fail(.stock, sku, "reserved is negative (\(level.reserved))") }
            if level.reserved != held[sku, default: 0] {
                fail(.stock, sku, "reserved is \(level.reserved) but held reservations hold \(held[sku, default: 0])")
            }
            if let shipped, level.reserved != shipped[sku, default: 0] {
                fail(.stock, sku, "reserved is \(level.reserved) but the shipped orders asked for \(shipped[sku, default: 0])")
            }
        }
    }
}
