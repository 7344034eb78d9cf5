import FaultSuite
import Foundation
import LocalStack
import Postgres

/// The PostgreSQL server of a chaos run: the given admin URL, else a local cluster the runner manages
/// (so the restart scenario can restart it).
enum ChaosDatabase {
    static func prepare(databaseURL: String?, directory: String) async throws -> FaultDatabaseServer {
        if let databaseURL {
            do {
                return .external(try PostgresConfiguration(url: databaseURL))
            } catch {
                throw CLIError("--database-url: \(error)")
            }
        }
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        try ChaosLock.acquire(for: root)
        say("   starting a local PostgreSQL in \(root.path)")
        do {
            return .managed(try await LocalPostgres.start(LocalPostgres.Options(root: root, skipFsync: true, maxConnections: 300)))
        } catch {
            throw CLIError("could not start the local PostgreSQL: \(error)")
        }
    }
}
