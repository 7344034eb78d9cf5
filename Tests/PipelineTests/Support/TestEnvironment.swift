import Foundation
import PipelineTools
import Postgres
import Testing

/// Where the tests find the Postgres server, the built executables and the repository's files.
enum TestEnvironment {
    static let databaseVariable = "ORDERFLOW_TEST_DATABASE_URL"

    /// The admin URL of the test server; a test without it fails (run it through scripts/with-postgres.sh).
    static func adminDatabase() throws -> PostgresConfiguration {
        let url = try #require(
            ProcessInfo.processInfo.environment[databaseVariable],
            "\(databaseVariable) is not set: run the tests with scripts/with-postgres.sh swift test")
        return try PostgresConfiguration(url: url)
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static func topicsFile() throws -> TopicsFile {
        try TopicsFile.load(repositoryRoot.appendingPathComponent(TopicsFile.relativePath))
    }

    /// The directory of the built executables: next to the test binary (`.build/<triple>/debug`), or
    /// ORDERFLOW_BIN_DIR.
    static func executables() throws -> URL {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["ORDERFLOW_BIN_DIR"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        if let own = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: own).deletingLastPathComponent())
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for directory in candidates {
            let complete = (PipelineService.executables + ["orderflow"]).allSatisfy {
                FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent($0).path)
            }
            if complete { return directory }
        }
        Issue.record("built executables not found in \(candidates.map(\.path)); run `swift build` before the tests (make test does)")
        throw MissingExecutables()
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

struct MissingExecutables: Error {}
