/// Where an order's payment stands, in the words the payments database uses.
public enum PaymentStatus: String, Sendable, CaseIterable {
    case authorized, declined, refunded
}
