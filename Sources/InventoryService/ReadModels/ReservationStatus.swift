/// Where an order's reservation stands, in the words the inventory database uses.
public enum ReservationStatus: String, Sendable, CaseIterable {
    case held, released, rejected
}
