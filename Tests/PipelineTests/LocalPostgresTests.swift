import Foundation
import LocalStack
import Postgres
import Testing

@Suite("Local PostgreSQL")
struct LocalPostgresTests {
    @Test func startsRestartsOnTheSamePortAndStops() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-localpg-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try await LocalPostgres.start(.init(root: root, skipFsync: true))
        do {
            let connection = try await PostgresConnection.connect(server.adminConfiguration)
            #expect(try await connection.query("SELECT 1 AS one").first?["one"].int() == 1)
            await connection.close()

            let port = server.port
            try await server.restart(.immediate)
            #expect(server.port == port)
            let again = try await PostgresConnection.connect(server.adminConfiguration)
            #expect(try await again.query("SELECT 2 AS two").first?["two"].int() == 2)
            await again.close()

            let pid = try #require(server.serverPID)
            try await server.stop()
            #expect(!ProcessProbe.isAlive(pid))
            await #expect(throws: PostgresError.self) { try await PostgresConnection.connect(server.adminConfiguration) }
        } catch {
            try? await server.stop(.immediate)
            throw error
        }
    }

    @Test func aSecondStartReusesTheClusterAndItsPassword() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-localpg-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try await LocalPostgres.start(.init(root: root, skipFsync: true))
        try await first.stop()
        let second = try await LocalPostgres.start(.init(root: root, skipFsync: true))
        #expect(second.password == first.password)
        let connection = try await PostgresConnection.connect(second.adminConfiguration)
        await connection.close()
        try await second.stop()
    }

    @Test func missingBinariesAreNamed() {
        #expect(throws: LocalPostgresError.self) {
            try PostgresBinaries.locate(explicit: URL(fileURLWithPath: "/nonexistent"), environment: [:])
        }
    }
}
