import Foundation
import LocalStack
import Postgres

/// What every scenario runs on: the built executables, the topics, a PostgreSQL server, and where the
/// process output goes. The broker is not here: each scenario starts its own in this process, since
/// injecting broker faults is an in-process API.
public struct FaultEnvironment: Sendable {
    public var executables: URL
    public var topics: TopicsFile
    public var database: FaultDatabaseServer
    /// One log file per scenario run lands here (`<scenario>-<id>.log`).
    public var logDirectory: URL
    /// Extra variables for every process of every stack.
    public var environment: [String: String]
    /// Databases of a run that passed are dropped; those of a failed run are kept for inspection.
    public var keepFailedDatabases: Bool

    public init(
        executables: URL, topics: TopicsFile, database: FaultDatabaseServer, logDirectory: URL,
        environment: [String: String] = [:], keepFailedDatabases: Bool = false
    ) {
        self.executables = executables
        self.topics = topics
        self.database = database
        self.logDirectory = logDirectory
        self.environment = environment
        self.keepFailedDatabases = keepFailedDatabases
    }

    /// The service settings of every fault run: small batches keep a killed consumer's redelivered share
    /// small, short backoffs keep recovery quick, `notice` keeps the logs about faults.
    public static let serviceSettings: [String: String] = [
        "BATCH_SIZE": "50", "RETRY_BASE_MS": "50", "RETRY_CAP_MS": "1000", "LOG_LEVEL": "notice",
        "RELAY_POLL_INTERVAL_MS": "250", "SHUTDOWN_TIMEOUT_MS": "10000",
    ]
}

/// The PostgreSQL server the stacks use: one the runner manages (and can restart), or one it was given.
public enum FaultDatabaseServer: Sendable {
    case managed(LocalPostgres)
    case external(PostgresConfiguration)

    public var admin: PostgresConfiguration {
        switch self {
        case .managed(let server): server.adminConfiguration
        case .external(let configuration): configuration
        }
    }

    public var managed: LocalPostgres? {
        if case .managed(let server) = self { return server }
        return nil
    }
}
