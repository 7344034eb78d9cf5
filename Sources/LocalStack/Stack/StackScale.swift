import Foundation

/// How many replicas of each service (and outbox relays per database) a stack runs.
public struct StackScale: Sendable, Hashable {
    /// A topic has 6 partitions: more consumers than that would sit idle.
    public static let replicaRange = 1...6
    public static let relayRange = 1...4

    public private(set) var replicas: [PipelineService: Int]
    public private(set) var relaysPerDatabase: Int

    public init(replicas: [PipelineService: Int] = [:], relaysPerDatabase: Int = 1) {
        self.replicas = replicas
        self.relaysPerDatabase = relaysPerDatabase
    }

    public func replicas(of service: PipelineService) -> Int { replicas[service] ?? 1 }

    /// Parses `--scale` values: `payment=3`, also several at once (`payment=3,inventory=2`);
    /// `relay=N` sets the relays per database.
    public init(parsing values: [String]) throws(StackScaleError) {
        self.init()
        var seen = Set<String>()
        for entry in values.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { throw .malformed(String(entry)) }
            let name = parts[0].lowercased()
            let serviceName = name.hasSuffix("-service") ? String(name.dropLast("-service".count)) : name
            guard seen.insert(serviceName).inserted else { throw .repeated(parts[0]) }
            guard let count = Int(parts[1]) else { throw .notANumber(parts[0], parts[1]) }
            if serviceName == "relay" {
                guard Self.relayRange.contains(count) else { throw .outOfRange(parts[0], count, Self.relayRange) }
                relaysPerDatabase = count
                continue
            }
            guard let service = PipelineService(rawValue: serviceName) else { throw .unknownService(parts[0]) }
            guard Self.replicaRange.contains(count) else { throw .outOfRange(parts[0], count, Self.replicaRange) }
            replicas[service] = count
        }
    }

    public mutating func set(_ service: PipelineService, _ count: Int) { replicas[service] = count }

    /// Every process of a stack at this scale, services first.
    public var processes: [StackProcessID] {
        PipelineService.allCases.flatMap { service in
            (1...replicas(of: service)).map { StackProcessID(service, replica: $0) }
        } + PipelineService.allCases.flatMap { service in
            (1...relaysPerDatabase).map { StackProcessID.relay(service, replica: $0) }
        }
    }
}

public enum StackScaleError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case unknownService(String)
    case notANumber(String, String)
    case outOfRange(String, Int, ClosedRange<Int>)
    case repeated(String)

    public var description: String {
        let known = (PipelineService.allCases.map(\.rawValue) + ["relay"]).joined(separator: ", ")
        return switch self {
        case .malformed(let entry): "--scale \"\(entry)\" is not SERVICE=REPLICAS (e.g. payment=3)"
        case .unknownService(let name): "--scale: unknown service \"\(name)\" (known: \(known))"
        case .notANumber(let name, let value): "--scale \(name)=\(value): replicas must be a whole number"
        case .outOfRange(let name, let count, let range):
            "--scale \(name)=\(count): replicas must be \(range.lowerBound)-\(range.upperBound)"
        case .repeated(let name): "--scale: \(name) is given twice"
        }
    }
}
