import Postgres
import Testing

/// Connecting fails with a typed error that says why, and whether retrying may help.
@Suite struct ConnectionFailureTests {
    @Test func unreachablePortIsARetryableConnectionError() async throws {
        var configuration = try TestDatabase.adminConfiguration()
        configuration.port = 1  // nothing listens on port 1 on loopback
        configuration.connectTimeout = .seconds(2)
        let error = await capturePostgresError { _ = try await PostgresConnection.connect(configuration) }
        #expect(error?.kind == .connection)
        #expect(error?.isRetryable == true)
        #expect(error?.message.contains(":1/") == true)
    }

    @Test func wrongPasswordIsAnAuthenticationError() async throws {
        var configuration = try TestDatabase.adminConfiguration()
        configuration.password = "definitely-wrong"
        let error = await capturePostgresError { _ = try await PostgresConnection.connect(configuration) }
        #expect(error?.kind == .authentication)
        #expect(error?.sqlState == "28P01")
        #expect(error?.isRetryable == false)
        #expect(error?.message.contains("definitely-wrong") == false)
    }

    @Test func missingDatabaseReports3D000() async throws {
        let configuration = try TestDatabase.adminConfiguration().with(database: "no_such_database_here")
        let error = await capturePostgresError { _ = try await PostgresConnection.connect(configuration) }
        #expect(error?.sqlState == "3D000")
        #expect(error?.isRetryable == false)
        #expect(error?.message.contains("no_such_database_here") == true)
    }
}
