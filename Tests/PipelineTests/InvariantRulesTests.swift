import Invariants
import Testing

/// The invariant checker on hand-made snapshots: a correct run passes, and each kind of damage is
/// reported against the order (or SKU) it concerns.
@Suite("Pipeline invariants")
struct InvariantRulesTests {
    let orders = SnapshotBuilder.orders([.paid, .declined, .outOfStock, .invalid])

    func settled() -> SnapshotBuilder {
        var builder = SnapshotBuilder()
        for order in orders { builder.settle(order) }
        return builder
    }

    func violations(_ snapshot: PipelineSnapshot) -> [InvariantViolation] {
        PipelineInvariants().evaluate(orders, snapshot).violations
    }

    @Test func aCorrectRunHolds() {
        let report = PipelineInvariants().evaluate(orders, settled().snapshot)
        #expect(report.holds, "\(report)")
        #expect(report.checkedOrders == 4)
        #expect(report.outcomes[.paid] == ["shipped": 1])
        #expect(report.outcomes[.invalid] == ["rejected": 1])
        #expect(report.placedVersions == [1: 1, 2: 2])
    }

    @Test func aPendingOrderIsReported() {
        var builder = settled()
        builder.snapshot.orders[orders[0].request.orderId]?.status = "confirmed"
        #expect(violations(builder.snapshot).contains { $0.rule == .pending && $0.subject == orders[0].request.orderId })
    }

    @Test func aMissingOrderIsReported() {
        var builder = settled()
        builder.snapshot.orders[orders[3].request.orderId] = nil
        #expect(violations(builder.snapshot).contains { $0.rule == .pending && $0.subject == orders[3].request.orderId })
    }

    @Test func theWrongOutcomeIsReported() {
        var builder = settled()
        builder.snapshot.orders[orders[1].request.orderId]?.cancelReason = "out_of_stock"
        #expect(violations(builder.snapshot).contains { $0.rule == .outcome && $0.subject == orders[1].request.orderId })
    }

    @Test func aSecondRefundIsReported() {
        var builder = settled()
        let id = orders[2].request.orderId
        builder.snapshot.emitted.append(.init(
            service: .payment, key: id, type: "payment.refunded", correlationID: orders[2].event.metadata.correlationID, published: true))
        #expect(violations(builder.snapshot).contains { $0.rule == .compensation && $0.subject == id })
    }

    @Test func aReservationStillHeldForACancelledOrderIsReported() {
        var builder = settled()
        let id = orders[1].request.orderId
        builder.snapshot.reservations[id]?.status = "held"
        let found = violations(builder.snapshot)
        #expect(found.contains { $0.rule == .compensation && $0.subject == id })
        // The held units are not in `reserved` either.
        #expect(found.contains { $0.rule == .stock })
    }

    @Test func reservedStockMustMatchTheHeldReservations() {
        var builder = settled()
        let sku = orders[0].request.lines[0].sku
        builder.snapshot.stock[sku]?.reserved += 1
        #expect(violations(builder.snapshot).contains { $0.rule == .stock && $0.subject == sku })
    }

    @Test func onHandMustNotChange() {
        var builder = settled()
        builder.snapshot.stock["SKU-0005"]?.onHand -= 3
        #expect(violations(builder.snapshot).contains { $0.rule == .stock && $0.subject == "SKU-0005" })
    }

    @Test func aDuplicateNotificationIsReported() {
        var builder = settled()
        let id = orders[0].request.orderId
        builder.snapshot.notifications[id]?["shipped"] = 2
        #expect(violations(builder.snapshot).contains { $0.rule == .notification && $0.subject == id })
    }

    @Test func aRejectedOrderMustLeaveNothingDownstream() {
        var builder = settled()
        let id = orders[3].request.orderId
        builder.snapshot.payments[id] = "declined"
        #expect(violations(builder.snapshot).contains { $0.rule == .payment && $0.subject == id })
    }

    @Test func aForeignCorrelationIdIsReported() {
        var builder = settled()
        let id = orders[0].request.orderId
        builder.snapshot.emitted.append(.init(service: .shipping, key: id, type: "shipment.scheduled", correlationID: "someone-else", published: true))
        let found = violations(builder.snapshot)
        #expect(found.contains { $0.rule == .correlation && $0.subject == id })
    }

    @Test func unpublishedOutboxRowsAreReported() {
        var builder = settled()
        builder.snapshot.emitted[0].published = false
        #expect(violations(builder.snapshot).contains { $0.rule == .outbox })
    }

    @Test func ordersNobodyGeneratedAreReportedOnlyForExclusiveRuns() {
        var builder = settled()
        builder.snapshot.orders["0b7d7a4e-0000-4000-8000-000000000000"] = .init(status: "rejected", correlationID: "x")
        #expect(violations(builder.snapshot).contains { $0.rule == .unexpectedOrder })
        #expect(PipelineInvariants(exclusive: false).evaluate(orders, builder.snapshot).holds)
    }
}
