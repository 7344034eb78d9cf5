import Foundation
import PipelineTools
import Postgres
import Testing

/// Where the fault tests find PostgreSQL, the built executables and the topics. Most scenarios use the
/// test server; the restart scenario restarts PostgreSQL, so it gets a server of its own.
enum FaultTestEnvironment {
    static let databaseVariable = "ORDERFLOW_TEST_DATABASE_URL"

    static func testServer() throws -> PostgresConfiguration {
        let url = try #require(
            ProcessInfo.processInfo.environment[databaseVariable],
            "\(databaseVariable) is not set: run the tests with scripts/with-postgres.sh swift test")
        return try PostgresConfiguration(url: url)
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static func topics() throws -> TopicsFile {
        try TopicsFile.load(repositoryRoot.appendingPathComponent(TopicsFile.relativePath))
    }

    /// Next to the test binary (`.build/<triple>/debug`), or ORDERFLOW_BIN_DIR.
    static func executables() throws -> URL {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["ORDERFLOW_BIN_DIR"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        if let own = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: own).deletingLastPathComponent())
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for directory in candidates where PipelineService.executables.allSatisfy({
            FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent($0).path)
        }) {
            return directory
        }
        Issue.record("built executables not found in \(candidates.map(\.path)); run `swift build` before the tests (make test does)")
        throw MissingExecutables()
    }

    static var logDirectory: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-fault-tests")
    }

    /// ORDERFLOW_FAULT_LOG_LEVEL (e.g. `info`) makes the processes' logs more talkative than `notice`.
    static func environment(_ database: FaultDatabaseServer) throws -> FaultEnvironment {
        var processEnvironment: [String: String] = [:]
        if let level = ProcessInfo.processInfo.environment["ORDERFLOW_FAULT_LOG_LEVEL"] { processEnvironment["LOG_LEVEL"] = level }
        return FaultEnvironment(
            executables: try executables(), topics: try topics(), database: database, logDirectory: logDirectory,
            environment: processEnvironment)
    }

    /// A throwaway PostgreSQL of the test's own (fsync off), in a temporary directory removed afterwards.
    static func withOwnServer<T>(_ body: (LocalPostgres) async throws -> T) async throws -> T {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-fault-pg-\(UUID().uuidString.prefix(8))")
        let server = try await LocalPostgres.start(LocalPostgres.Options(root: root, skipFsync: true, maxConnections: 200))
        do {
            let value = try await body(server)
            try? await server.stop(.immediate)
            try? FileManager.default.removeItem(at: root)
            return value
        } catch {
            try? await server.stop(.immediate)
            try? FileManager.default.removeItem(at: root)
            throw error
        }
    }
}

struct MissingExecutables: Error {}
