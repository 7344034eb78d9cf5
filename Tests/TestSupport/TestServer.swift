import Foundation
import Postgres

/// The PostgreSQL server the test suites share: `scripts/with-postgres.sh` starts it and exports its
/// admin URL. Tests that need it fail, with this error's message, when it is not there.
public enum TestServer {
    public static let urlVariable = "ORDERFLOW_TEST_DATABASE_URL"

    public static func configuration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(TestServerError) -> PostgresConfiguration {
        guard let url = environment[urlVariable] else { throw .notSet(variable: urlVariable) }
        do {
            return try PostgresConfiguration(url: url)
        } catch {
            throw .invalidURL(variable: urlVariable, problem: error)
        }
    }
}

public enum TestServerError: Error, Sendable, CustomStringConvertible {
    case notSet(variable: String)
    case invalidURL(variable: String, problem: PostgresError)

    public var description: String {
        switch self {
        case .notSet(let variable):
            "\(variable) is not set: run the tests with scripts/with-postgres.sh swift test"
        case .invalidURL(let variable, let problem):
            "\(variable) is not a usable PostgreSQL URL: \(problem)"
        }
    }
}

/// A short unique name for a database, schema, group or topic, so tests never see each other's state.
public func uniqueName(_ prefix: String, separator: String = "_") -> String {
    "\(prefix)\(separator)\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))"
}
