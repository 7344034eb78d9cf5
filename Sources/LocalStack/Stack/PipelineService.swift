import Events

/// The services of the pipeline, each with its executable and its own database.
public enum PipelineService: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
    case order, payment, inventory, shipping, notification

    /// The product name of its executable.
    public var executable: String { "\(rawValue)-service" }

    /// Its database (before any prefix).
    public var database: String {
        switch self {
        case .order: "orders"
        case .payment: "payments"
        case .inventory: "inventory"
        case .shipping: "shipping"
        case .notification: "notifications"
        }
    }

    /// The consumer group id services use by default (their name).
    public var groupID: String { executable }

    /// The topics its consume loop reads.
    public var consumedTopics: [String] {
        switch self {
        case .order: ServiceSubscriptions.order
        case .payment: ServiceSubscriptions.payment
        case .inventory: ServiceSubscriptions.inventory
        case .shipping: ServiceSubscriptions.shipping
        case .notification: ServiceSubscriptions.notification
        }
    }

    public static let relayExecutable = "outbox-relay"
    /// The payment provider simulator the payment service calls.
    public static let providerExecutable = "payment-provider"
    /// The provider's own database (before any prefix).
    public static let providerDatabase = "payment_provider"

    /// Every executable a full stack runs.
    public static var executables: [String] { allCases.map(\.executable) + [relayExecutable, providerExecutable] }

    public static func < (lhs: PipelineService, rhs: PipelineService) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
