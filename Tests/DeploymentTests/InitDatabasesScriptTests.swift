import Foundation
import Testing

/// Runs compose/postgres/init-databases.sh against the throwaway PostgreSQL of the test run, the way
/// the postgres image runs it: as the superuser, with POSTGRES_USER and ORDERFLOW_DATABASES set.
@Suite("init-databases.sh")
struct InitDatabasesScriptTests {
    private struct Server {
        var environment: [String: String]

        init() throws {
            guard let text = ProcessInfo.processInfo.environment["ORDERFLOW_TEST_DATABASE_URL"], !text.isEmpty else {
                throw DeploymentCheckError("ORDERFLOW_TEST_DATABASE_URL is not set; run the tests with scripts/with-postgres.sh")
            }
            guard let url = URLComponents(string: text), let host = url.host, let user = url.user else {
                throw DeploymentCheckError("ORDERFLOW_TEST_DATABASE_URL is not a postgres:// URL with host and user")
            }
            environment = [
                "PGHOST": host, "PGPORT": String(url.port ?? 5432), "PGPASSWORD": url.password ?? "",
                "POSTGRES_USER": user,
            ]
        }

        func runScript(databases: String) async throws -> ProcessOutput {
            var environment = self.environment
            environment["ORDERFLOW_DATABASES"] = databases
            return try await ProcessRunner.run(Repository.initDatabasesScript.path, [], environment: environment)
        }

        func existing(_ names: [String]) async throws -> Set<String> {
            let list = names.map { "'\($0)'" }.joined(separator: ",")
            let output = try await psql("SELECT datname FROM pg_database WHERE datname IN (\(list))")
            return Set(output.split(separator: "\n").map(String.init))
        }

        func drop(_ names: [String]) async {
            for name in names {
                _ = try? await psql("DROP DATABASE IF EXISTS \"\(name)\"")
            }
        }

        private func psql(_ sql: String) async throws -> String {
            let output = try await ProcessRunner.run(
                "psql", ["--no-psqlrc", "-tA", "-v", "ON_ERROR_STOP=1", "--username", environment["POSTGRES_USER"] ?? "", "--dbname", "postgres", "-c", sql],
                environment: environment)
            guard output.succeeded else { throw DeploymentCheckError("psql failed:\n\(output.summary)") }
            return output.stdout
        }
    }

    private func uniqueNames(_ count: Int) -> [String] {
        let run = UUID().uuidString.prefix(8).lowercased()
        return (1...count).map { "deploycheck_\(run)_\($0)" }
    }

    @Test("creates every listed database, and a second run leaves them in place")
    func createsDatabasesIdempotently() async throws {
        let server = try Server()
        let names = uniqueNames(2)
        let first = try await server.runScript(databases: names.joined(separator: " "))
        #expect(first.succeeded, "\(first.summary)")
        #expect(try await server.existing(names) == Set(names))

        let second = try await server.runScript(databases: names.joined(separator: " "))
        #expect(second.succeeded, "a second run failed:\n\(second.summary)")
        #expect(try await server.existing(names) == Set(names))
        await server.drop(names)
    }

    @Test("refuses a name that is not a plain identifier, before creating any database")
    func refusesUnsafeNames() async throws {
        let server = try Server()
        let valid = uniqueNames(1)
        let output = try await server.runScript(databases: "\(valid[0]) bad-name\";DROP")
        #expect(!output.succeeded, "the script accepted an unsafe database name")
        #expect(output.stderr.contains("not a valid database name"), "\(output.summary)")
        #expect(try await server.existing(valid).isEmpty, "the script created \(valid[0]) before refusing the list")
        await server.drop(valid)
    }

    @Test("fails when no databases are listed")
    func requiresTheList() async throws {
        let output = try await Server().runScript(databases: "")
        #expect(!output.succeeded)
        #expect(output.stderr.contains("ORDERFLOW_DATABASES"), "\(output.summary)")
    }
}
