import ArgumentParser
import LocalStack
import Postgres
import Streaming

/// Where the services' databases are: `--database-url` (the server), else `$DATABASE_URL`, else the dev
/// stack's env file; each service's database on it by the stack's names.
struct ParkedDatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: ArgumentHelp(
        "PostgreSQL server of the service databases. Default: $DATABASE_URL, else DATABASE_URL in .orderflow/dev/env.",
        valueName: "url"))
    var databaseURL: String?

    @Option(help: ArgumentHelp(
        "Service: order, payment, inventory, shipping or notification (default: every one, for list).",
        valueName: "service"))
    var service: String?

    @Option(name: .customLong("database-prefix"), help: ArgumentHelp(
        "What the service databases' names start with on that server (a stack started with one).", valueName: "prefix"))
    var databasePrefix: String = ""

    func validate() throws {
        if let service, PipelineService(rawValue: service) == nil {
            throw ValidationError("--service must be one of \(PipelineService.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(service)\"")
        }
    }

    var services: [PipelineService] {
        service.flatMap(PipelineService.init(rawValue:)).map { [$0] } ?? PipelineService.allCases
    }

    /// Runs `body` on each chosen service's database.
    func each<T: Sendable>(
        _ body: (PipelineService, ParkedMessages) async throws -> T
    ) async throws(CLIError) -> [(PipelineService, T)] {
        guard let url = SettingSource.resolve(flag: databaseURL, variable: "DATABASE_URL")?.value else {
            throw CLIError("no database URL: pass --database-url, set DATABASE_URL, or start the dev stack with 'orderflow dev up'")
        }
        let server: PostgresConfiguration
        do {
            server = try PostgresConfiguration(url: url)
        } catch {
            throw CLIError("invalid database URL: \(error)", exitCode: 64)
        }
        var results: [(PipelineService, T)] = []
        let stack = StackDatabases(admin: server, prefix: databasePrefix)
        for service in services {
            let configuration = stack.configuration(of: service)
            do {
                let connection = try await PostgresConnection.connect(configuration, logger: CLILogging.logger("postgres"))
                do {
                    results.append((service, try await body(service, ParkedMessages(connection))))
                    await connection.close()
                } catch {
                    await connection.close()
                    throw error
                }
            } catch {
                throw CLIError("the \(service.rawValue) service's database (\(configuration.redactedURL)): \(error)")
            }
        }
        return results
    }
}
