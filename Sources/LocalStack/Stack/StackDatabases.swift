import Postgres

/// The five service databases of one stack on one server, and the payment provider's. A prefix keeps several stacks (test runs)
/// apart on a shared server.
public struct StackDatabases: Sendable {
    public var admin: PostgresConfiguration
    public var prefix: String

    public init(admin: PostgresConfiguration, prefix: String = "") {
        self.admin = admin
        self.prefix = prefix
    }

    public func name(of service: PipelineService) -> String { prefix + service.database }

    public func configuration(of service: PipelineService) -> PostgresConfiguration {
        admin.with(database: name(of: service))
    }

    /// The payment provider simulator's database.
    public var providerName: String { prefix + PipelineService.providerDatabase }

    public var providerConfiguration: PostgresConfiguration { admin.with(database: providerName) }

    /// The database a process of the stack uses.
    public func configuration(of id: StackProcessID) -> PostgresConfiguration {
        id.role == .provider ? providerConfiguration : configuration(of: id.service)
    }

    private var allNames: [String] { PipelineService.allCases.map(name(of:)) + [providerName] }

    public func createAll() async throws(PostgresError) {
        for name in allNames {
            try await createDatabaseIfNeeded(name, using: admin, logger: QuietLogger.make("orderflow.dev.databases"))
        }
    }

    public func dropAll() async throws(PostgresError) {
        for name in allNames {
            try await dropDatabaseIfExists(name, using: admin, logger: QuietLogger.make("orderflow.dev.databases"))
        }
    }
}
