import Foundation

/// Everything one `orderflow bench` run measured, as written to `.orderflow/bench/<timestamp>.json`.
/// Every figure sits next to the baseline it is compared with, measured in the same run on the same
/// machine, broker and database server.
public struct BenchReport: Codable, Sendable {
    public var startedAt: String
    public var quick: Bool
    public var machine: MachineInfo
    public var environment: BenchEnvironment
    /// Keyed by scenario: `baselines`, `handler`, `relay`, `pipeline`, `resources`.
    public var scenarios: [String: ScenarioResult]
    public var targets: [TargetCheck]
    /// False when any scenario's figures cannot be trusted (a consumer fell behind the broker's retained
    /// range, a drain did not finish, a per-key order check failed).
    public var valid: Bool { scenarios.values.allSatisfy(\.valid) }

    public init(startedAt: String, quick: Bool, machine: MachineInfo, environment: BenchEnvironment) {
        self.startedAt = startedAt
        self.quick = quick
        self.machine = machine
        self.environment = environment
        self.scenarios = [:]
        self.targets = []
    }

    public static let scenarioOrder = ["baselines", "handler", "relay", "pipeline", "resources"]

    enum CodingKeys: String, CodingKey {
        case startedAt, quick, machine, environment, scenarios, targets, valid
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        startedAt = try container.decode(String.self, forKey: .startedAt)
        quick = try container.decode(Bool.self, forKey: .quick)
        machine = try container.decode(MachineInfo.self, forKey: .machine)
        environment = try container.decode(BenchEnvironment.self, forKey: .environment)
        scenarios = try container.decode([String: ScenarioResult].self, forKey: .scenarios)
        targets = try container.decode([TargetCheck].self, forKey: .targets)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(quick, forKey: .quick)
        try container.encode(machine, forKey: .machine)
        try container.encode(environment, forKey: .environment)
        try container.encode(scenarios, forKey: .scenarios)
        try container.encode(targets, forKey: .targets)
        try container.encode(valid, forKey: .valid)
    }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

/// The settings the figures depend on, printed with the results so a reader can judge them.
public struct BenchEnvironment: Codable, Sendable {
    /// `release` or `debug`: timings of a debug build are not representative.
    public var build: String
    /// What the run ran on: the dev broker, or a cluster with its brokers and their API versions.
    public var broker: String
    /// The cluster's brokers; nil on the dev broker.
    public var brokerCount: Int?
    /// The highest version of each API the cluster's brokers offered, by the protocol's API names; nil
    /// on the dev broker, or when a broker could not be asked.
    public var brokerAPIVersions: [String: Int]?
    /// Every topic name of the run starts with it.
    public var topicPrefix: String?
    /// What became of the run's topics on a cluster (created and deleted, or made ahead and kept).
    public var topics: String?
    /// Server version and the durability settings (`fsync`, `synchronous_commit`, ...), read from the server.
    public var postgres: [String: String]
    public var sizes: [String: Int]

    public init(build: String, broker: String, postgres: [String: String], sizes: [String: Int]) {
        self.build = build
        self.broker = broker
        self.postgres = postgres
        self.sizes = sizes
    }
}
