import Events
import InventoryService
import LocalStack
import NotificationService
import OrderService
import OrderTraffic
import PaymentService

/// Per order: its terminal state and what each service did about it.
extension InvariantChecker {
    mutating func checkOrder(_ order: GeneratedOrder) {
        let id = order.storedID
        let expected = order.expected
        guard let row = snapshot.orders[id] else {
            report.outcomes[order.scenario, default: [:]]["missing", default: 0] += 1
            fail(.pending, id, "\(order.scenario.rawValue) order has no row in the order service")
            return
        }
        report.outcomes[order.scenario, default: [:]][row.status, default: 0] += 1
        if let version = row.placedVersion { report.placedVersions[version, default: 0] += 1 }
        guard SettleWaiter.terminalStatuses.contains(row.status) else {
            fail(.pending, id, "\(order.scenario.rawValue) order is still \(row.status)")
            return
        }
        if row.status != expected.status || row.cancelReason != expected.cancelReason {
            fail(.outcome, id, "\(order.scenario.rawValue) order ended \(describe(row.status, row.cancelReason)), expected \(describe(expected.status, expected.cancelReason))")
        }
        checkCorrelation(order, row)
        switch row.status {
        case OrderStatus.shipped.rawValue: checkShipped(id, order)
        case OrderStatus.cancelled.rawValue: checkCancelled(id, reason: row.cancelReason)
        default: checkRejected(id)
        }
    }

    private func describe(_ status: String, _ reason: String?) -> String {
        reason.map { "\(status) (\($0))" } ?? status
    }

    private mutating func checkCorrelation(_ order: GeneratedOrder, _ row: PipelineSnapshot.Order) {
        let id = order.storedID
        let requested = order.event.metadata.correlationID
        if row.correlationID != requested {
            fail(.correlation, id, "order row has correlation id \(row.correlationID), the request had \(requested)")
        }
        let strays = (emittedByKey[id] ?? []).filter { $0.correlationID != requested }
        for stray in strays.prefix(3) {
            fail(.correlation, id, "\(stray.type) from \(stray.service.executable) has correlation id \(stray.correlationID), the request had \(requested)")
        }
    }

    private mutating func checkShipped(_ id: String, _ order: GeneratedOrder) {
        expectEmitted(id, [("order.placed", .order, 1), ("order.confirmed", .order, 1), ("order.cancelled", .order, 0),
                           ("payment.authorized", .payment, 1), ("payment.refunded", .payment, 0),
                           ("stock.reserved", .inventory, 1), ("stock.released", .inventory, 0),
                           ("shipment.scheduled", .shipping, 1)])
        if snapshot.payments[id] != PaymentStatus.authorized.rawValue {
            fail(.payment, id, "shipped order's payment is \(snapshot.payments[id] ?? "missing"), expected authorized")
        }
        let reservation = snapshot.reservations[id]
        if reservation?.status != ReservationStatus.held.rawValue {
            fail(.reservation, id, "shipped order's reservation is \(reservation?.status ?? "missing"), expected held")
        } else if let reservation, reservation.lines != order.requestedUnits {
            fail(.reservation, id, "reservation holds \(reservation.lines.sorted { $0.key < $1.key }), the order asked for \(order.requestedUnits.sorted { $0.key < $1.key })")
        }
        let shipments = snapshot.shipments[id] ?? 0
        if shipments != 1 { fail(.shipment, id, "shipped order has \(shipments) shipments, expected 1") }
        expectNotifications(id, confirmed: 1, cancelled: 0, shipped: 1)
    }

    private mutating func checkCancelled(_ id: String, reason: String?) {
        expectEmitted(id, [("order.placed", .order, 1), ("order.cancelled", .order, 1), ("order.confirmed", .order, 0),
                           ("shipment.scheduled", .shipping, 0)])
        switch snapshot.payments[id] {
        case PaymentStatus.refunded.rawValue?:
            expectEmitted(id, [("payment.refunded", .payment, 1)])
            if reason == OrderCancelled.Reason.paymentDeclined.rawValue { fail(.payment, id, "cancelled for a declined payment, but the payment was authorized and refunded") }
        case PaymentStatus.declined.rawValue?:
            expectEmitted(id, [("payment.refunded", .payment, 0)])
        case let other:
            fail(.compensation, id, "cancelled order's payment is \(other ?? "missing"), expected declined or refunded")
        }
        switch snapshot.reservations[id]?.status {
        case ReservationStatus.released.rawValue?:
            expectEmitted(id, [("stock.released", .inventory, 1)])
            if reason == OrderCancelled.Reason.outOfStock.rawValue { fail(.reservation, id, "cancelled for missing stock, but stock was reserved and released") }
        case ReservationStatus.rejected.rawValue?:
            expectEmitted(id, [("stock.released", .inventory, 0)])
        case let other:
            fail(.compensation, id, "cancelled order's reservation is \(other ?? "missing"), expected released or rejected")
        }
        if let shipments = snapshot.shipments[id], shipments > 0 { fail(.shipment, id, "cancelled order has \(shipments) shipments") }
        expectNotifications(id, confirmed: 0, cancelled: 1, shipped: 0)
    }

    private mutating func checkRejected(_ id: String) {
        expectEmitted(id, [("order.rejected", .order, 1), ("order.placed", .order, 0)])
        if let payment = snapshot.payments[id] { fail(.payment, id, "rejected order has a payment (\(payment))") }
        if let reservation = snapshot.reservations[id] { fail(.reservation, id, "rejected order has a reservation (\(reservation.status))") }
        if let shipments = snapshot.shipments[id], shipments > 0 { fail(.shipment, id, "rejected order has \(shipments) shipments") }
        expectNotifications(id, confirmed: 0, cancelled: 0, shipped: 0)
    }

    private mutating func expectEmitted(_ id: String, _ expectations: [(type: String, service: PipelineService, count: Int)]) {
        for (type, service, count) in expectations {
            let actual = emitted(type, by: service, for: id)
            if actual != count {
                let rule: InvariantViolation.Rule = type == "payment.refunded" || type == "stock.released" ? .compensation : .emitted
                fail(rule, id, "\(service.executable) emitted \(type) \(actual) times, expected \(count)")
            }
        }
    }

    private mutating func expectNotifications(_ id: String, confirmed: Int, cancelled: Int, shipped: Int) {
        let sent = snapshot.notifications[id] ?? [:]
        for (kind, expected) in [(NotificationKind.confirmed, confirmed), (.cancelled, cancelled), (.shipped, shipped)] {
            let actual = sent[kind.rawValue] ?? 0
            if actual != expected { fail(.notification, id, "\(actual) \(kind.rawValue) notifications, expected \(expected)") }
        }
    }
}

extension GeneratedOrder {
    /// Units per SKU the order asks for.
    var requestedUnits: [String: Int] {
        var units: [String: Int] = [:]
        for line in request.lines { units[line.sku, default: 0] += line.quantity }
        return units
    }
}
