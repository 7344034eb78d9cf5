/// Where an order stands, in the words the orders database, the API and the CLI use.
/// `rejected`, `cancelled` and `shipped` are terminal.
public enum OrderStatus: String, Sendable, CaseIterable, Codable {
    case placed, confirmed, cancelled, shipped, rejected

    public var isTerminal: Bool { self == .rejected || self == .cancelled || self == .shipped }

    public static var terminal: Set<OrderStatus> { Set(allCases.filter(\.isTerminal)) }
}
