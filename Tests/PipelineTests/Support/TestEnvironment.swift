import Foundation
import LocalStack
import Postgres
import TestSupport

/// Where the tests find the Postgres server, the built executables and the repository's files.
enum TestEnvironment {
    /// The admin URL of the test server; a test without it fails (run it through scripts/with-postgres.sh).
    static func adminDatabase() throws -> PostgresConfiguration {
        try TestServer.configuration()
    }

    static func topicsFile() throws -> TopicsFile {
        try ExecutableLocator.sourceCheckoutTopicsFile()
    }

    /// The services, the relay and the CLI, as `swift build` leaves them.
    static func executables() throws -> URL {
        try ExecutableLocator.buildDirectory(holding: PipelineService.executables + ["orderflow"])
    }

    /// A database-name prefix of its own for each stack, so runs never share databases.
    static func uniquePrefix(_ name: String) -> String {
        "\(name)_\(UUID().uuidString.prefix(8).lowercased())_"
    }

    /// Where a run's process output goes (kept for reading after a failure).
    static func logFile(_ prefix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-\(prefix)stack.log")
    }
}
