extension EventRegistry {
    /// Every event type of the orderflow contract, each version still published on a topic.
    /// Adding a version: register the new type, and re-register the previous newest with
    /// `registering(_:upcastingTo:with:)`.
    public static let standard = EventRegistry()
        .registering(OrderRequestedV1.self, upcastingTo: OrderRequested.self) { OrderRequested(upcasting: $0) }
        .registering(OrderRequested.self)
        .registering(OrderPlacedV1.self, upcastingTo: OrderPlaced.self) { OrderPlaced(upcasting: $0) }
        .registering(OrderPlaced.self)
        .registering(OrderConfirmed.self)
        .registering(OrderCancelled.self)
        .registering(OrderRejected.self)
        .registering(PaymentAuthorized.self)
        .registering(PaymentDeclined.self)
        .registering(PaymentRefunded.self)
        .registering(StockReserved.self)
        .registering(StockRejected.self)
        .registering(StockReleased.self)
        .registering(ShipmentScheduled.self)
}
