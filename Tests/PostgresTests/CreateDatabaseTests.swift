import Foundation
import Postgres
import TestSupport
import Testing

/// Database creation is idempotent, tolerates races and refuses unsafe names.
@Suite struct CreateDatabaseTests {
    @Test func racingCreatorsBothSucceed() async throws {
        let admin = try TestDatabase.adminConfiguration()
        let name = uniqueName("t_create")
        async let first: Void = createDatabaseIfNeeded(name, using: admin)
        async let second: Void = createDatabaseIfNeeded(name, using: admin)
        _ = try await (first, second)
        try await createDatabaseIfNeeded(name, using: admin)
        let connection = try await PostgresConnection.connect(admin.with(database: name))
        #expect(try await connection.query("SELECT current_database() AS db").first?["db"].string() == name)
        await connection.close()
        try await dropDatabaseIfExists(name, using: admin)
    }

    @Test(arguments: ["Orders", "1orders", "orders; DROP DATABASE postgres", "", String(repeating: "a", count: 64)])
    func unsafeNamesAreRejected(name: String) async throws {
        let admin = try TestDatabase.adminConfiguration()
        let error = await capturePostgresError { try await createDatabaseIfNeeded(name, using: admin) }
        #expect(error?.message.contains("invalid database name") == true)
    }
}
