import Postgres

/// The five service databases of one stack on one server. A prefix keeps several stacks (test runs)
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

    public func createAll() async throws(PostgresError) {
        for service in PipelineService.allCases {
            try await createDatabaseIfNeeded(name(of: service), using: admin, logger: QuietLogger.make("orderflow.dev.databases"))
        }
    }

    public func dropAll() async throws(PostgresError) {
        for service in PipelineService.allCases {
            try await dropDatabaseIfExists(name(of: service), using: admin, logger: QuietLogger.make("orderflow.dev.databases"))
        }
    }
}
