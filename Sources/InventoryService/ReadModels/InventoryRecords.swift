/// An order's reservation: its status and the units it covers per SKU.
public struct ReservationRecord: Sendable, Hashable {
    public var status: ReservationStatus
    public var units: [String: Int]

    public init(status: ReservationStatus, units: [String: Int]) {
        self.status = status
        self.units = units
    }
}

/// One SKU's stock: units on hand, of which `reserved` are held for orders.
public struct StockLevel: Sendable, Hashable {
    public var onHand: Int
    public var reserved: Int

    public init(onHand: Int, reserved: Int) {
        self.onHand = onHand
        self.reserved = reserved
    }
}
