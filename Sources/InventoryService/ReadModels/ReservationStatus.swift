/// Where an order's reservation stands, in the words the inventory database uses.
public enum ReservationStatus: String, Sendable, CaseIterable {
    case held, released, rejected

    /// How the stock side of an order reads to a person (`orderflow orders get`).
    public var stockWording: String {
        switch self {
        case .held: "reserved"
        case .released: "released (was reserved)"
        case .rejected: "rejected"
        }
    }
}
