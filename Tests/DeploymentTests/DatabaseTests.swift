import Foundation
import Testing

@Suite("one database per service")
struct DatabaseTests {
    private struct DatabaseURL {
        var user: String
        var password: String
        var host: String
        var database: String

        init(_ text: String, service: String) throws {
            guard let components = URLComponents(string: text),
                  ["postgres", "postgresql"].contains(components.scheme ?? ""),
                  let user = components.user, let host = components.host else {
                throw DeploymentCheckError("\(service) has a DATABASE_URL that is not postgres://user:password@host/database")
            }
            self.user = user
            self.password = components.password ?? ""
            self.host = host
            self.database = String(components.path.drop { $0 == "/" })
        }
    }

    private func createdDatabases() async throws -> [String] {
        let postgres = try await Shared.compose.value.service("postgres")
        return (postgres.environment["ORDERFLOW_DATABASES"] ?? "").split(separator: " ").map(String.init)
    }

    @Test("every DATABASE_URL names a database the Postgres init script creates, with the Postgres credentials")
    func urlsMatchThePostgresService() async throws {
        let compose = try await Shared.compose.value
        let postgres = try compose.service("postgres")
        let created = try await createdDatabases()
        #expect(!created.isEmpty, "the postgres service sets no ORDERFLOW_DATABASES for init-databases.sh")
        for service in compose.longRunningOrderflowServices {
            let url = try DatabaseURL(service.environment["DATABASE_URL"] ?? "", service: service.name)
            #expect(created.contains(url.database), "\(service.name) uses database \(url.database), which is not created (\(created))")
            #expect(url.host == "postgres", "\(service.name) connects to \(url.host), not the postgres service")
            #expect(url.user == postgres.environment["POSTGRES_USER"], "\(service.name) connects as \(url.user)")
            #expect(url.password == postgres.environment["POSTGRES_PASSWORD"], "\(service.name)'s DATABASE_URL password differs from POSTGRES_PASSWORD")
        }
    }

    @Test("each database belongs to exactly one service and has an outbox relay (the provider simulator's has none)")
    func eachDatabaseHasOneOwnerAndARelay() async throws {
        let compose = try await Shared.compose.value
        for database in try await createdDatabases() {
            let users = try compose.longRunningOrderflowServices.filter {
                try DatabaseURL($0.environment["DATABASE_URL"] ?? "", service: $0.name).database == database
            }
            let owners = users.filter { $0.executable != Shared.relayProduct }
            let relays = users.filter { $0.executable == Shared.relayProduct }
            #expect(owners.count == 1, "database \(database) is used by services \(owners.map(\.name)); expected exactly one")
            if owners.first?.executable == Shared.providerProduct {
                #expect(relays.isEmpty, "the payment provider publishes nothing, yet \(relays.map(\.name)) relay its database")
                continue
            }
            #expect(relays.count == 1, "database \(database) has relays \(relays.map(\.name)); expected one (scale it for more)")
            if let owner = owners.first, let relay = relays.first {
                #expect(relay.dependencies[owner.name] == "service_healthy",
                        "\(relay.name) should wait for \(owner.name) to be healthy (its schema migrated)")
            }
        }
    }

    @Test("the init script is installed where the postgres image runs it on first start")
    func initScriptIsMounted() async throws {
        let postgres = try await Shared.compose.value.service("postgres")
        let mounted = postgres.volumes.contains {
            $0.source == Repository.initDatabasesScript.path && $0.target.hasPrefix("/docker-entrypoint-initdb.d/") && $0.target.hasSuffix(".sh")
        }
        #expect(mounted, "postgres mounts \(postgres.volumes.map { "\($0.source):\($0.target)" })")
        #expect(FileManager.default.isExecutableFile(atPath: Repository.initDatabasesScript.path),
                "init-databases.sh must be executable, or the image sources it into its own shell")
    }
}
