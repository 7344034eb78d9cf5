import Foundation
import Postgres

/// What every service and relay process does around its own work: answers `--help`, reports all its
/// configuration problems at once, and exits with a code that says what went wrong.
public enum ProcessEntry {
    /// `--help`/`-h` prints `help` and exits 0. Otherwise runs `body`: exit 0 when it returns, 2 after an
    /// invalid configuration (every problem listed), 3 when a dependency stayed unreachable for
    /// `STARTUP_TIMEOUT_MS`, 1 after any other failure, with one message on stderr.
    public static func main(
        name: String, arguments: [String], help: () -> String, run body: () async throws -> Void
    ) async -> Never {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help())
            exit(0)
        }
        do {
            try await body()
            exit(0)
        } catch let error as ConfigurationError {
            // The error's own first line is the heading ("Invalid configuration (2 problems):").
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            exit(2)
        } catch let error as StartupTimedOut {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            exit(3)
        } catch {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            exit(1)
        }
    }

    /// DATABASE_URL as a connection configuration; a URL that does not parse is a configuration problem.
    public static func database(url: String) throws(ConfigurationError) -> PostgresConfiguration {
        do {
            return try PostgresConfiguration(url: url)
        } catch {
            throw ConfigurationError(problems: ["DATABASE_URL: \(error)"])
        }
    }
}
