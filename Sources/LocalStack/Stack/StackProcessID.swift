/// One process of the stack: a service replica, an outbox relay replica of a service's database, or the
/// payment provider simulator the payment service calls.
public struct StackProcessID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public enum Role: String, Sendable, Hashable, Codable {
        case service
        case relay
        case provider
    }

    public var service: PipelineService
    public var role: Role
    /// 1-based.
    public var replica: Int

    public init(_ service: PipelineService, replica: Int = 1, role: Role = .service) {
        self.service = service
        self.role = role
        self.replica = replica
    }

    public static func relay(_ service: PipelineService, replica: Int = 1) -> StackProcessID {
        StackProcessID(service, replica: replica, role: .relay)
    }

    /// The payment provider simulator (one per stack).
    public static let provider = StackProcessID(.payment, replica: 1, role: .provider)

    public var executable: String {
        switch role {
        case .service: service.executable
        case .relay: PipelineService.relayExecutable
        case .provider: PipelineService.providerExecutable
        }
    }

    /// `payment#2`, `relay-payments#1`: the prefix of its output lines.
    public var description: String {
        switch role {
        case .service: "\(service.rawValue)#\(replica)"
        case .relay: "relay-\(service.database)#\(replica)"
        case .provider: "\(PipelineService.providerExecutable)#\(replica)"
        }
    }

    public static func < (lhs: StackProcessID, rhs: StackProcessID) -> Bool {
        (lhs.role.rank, lhs.service, lhs.replica) < (rhs.role.rank, rhs.service, rhs.replica)
    }
}

extension StackProcessID.Role {
    /// Services first, then relays, then the provider.
    var rank: Int {
        switch self {
        case .service: 0
        case .relay: 1
        case .provider: 2
        }
    }
}
