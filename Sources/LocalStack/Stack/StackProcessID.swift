/// One process of the stack: a service replica, or an outbox relay replica of a service's database.
public struct StackProcessID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public enum Role: String, Sendable, Hashable, Codable {
        case service
        case relay
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

    public var executable: String { role == .service ? service.executable : PipelineService.relayExecutable }

    /// `payment#2`, `relay-payments#1`: the prefix of its output lines.
    public var description: String {
        switch role {
        case .service: "\(service.rawValue)#\(replica)"
        case .relay: "relay-\(service.database)#\(replica)"
        }
    }

    public static func < (lhs: StackProcessID, rhs: StackProcessID) -> Bool {
        (lhs.role == .relay ? 1 : 0, lhs.service, lhs.replica) < (rhs.role == .relay ? 1 : 0, rhs.service, rhs.replica)
    }
}
