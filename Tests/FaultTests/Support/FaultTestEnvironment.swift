import FaultSuite
import Foundation
import LocalStack
import Postgres
import TestSupport

/// Where the fault tests find PostgreSQL, the built executables and the topics. Most scenarios use the
/// test server; the restart scenario restarts PostgreSQL, so it gets a server of its own.
enum FaultTestEnvironment {
    static func testServer() throws -> PostgresConfiguration {
        try TestServer.configuration()
    }

    static func topics() throws -> TopicsFile {
        try ExecutableLocator.sourceCheckoutTopicsFile()
    }

    static func executables() throws -> URL {
        try ExecutableLocator.buildDirectory(holding: PipelineService.executables)
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
