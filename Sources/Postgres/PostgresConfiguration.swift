import Foundation

/// Where and as whom to connect. Built from a `postgres://` URL (the usual `DATABASE_URL`) or field by field.
public struct PostgresConfiguration: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var applicationName: String = "orderflow"
    /// How long to wait for the server to accept a session (whole seconds, rounded up; zero means no limit).
    public var connectTimeout: Duration = .seconds(5)
    /// Extra libpq connection parameters (`sslmode`, `target_session_attrs`, ...), passed through unchanged.
    public var options: [String: String] = [:]

    public static let defaultPort = 5432

    public init(host: String, port: Int = defaultPort, user: String, password: String? = nil, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// Parses `postgres://user:pass@host:port/db?sslmode=disable` (also `postgresql://`).
    /// User, password, database and query values are percent-decoded; a missing port means 5432 and a
    /// missing database means the user's name, as with libpq. Error messages never contain the password.
    public init(url: String) throws(PostgresError) {
        self = try PostgresURLParser.parse(url)
    }

    /// Same server and credentials, another database.
    public func with(database: String) -> PostgresConfiguration {
        var copy = self
        copy.database = database
        return copy
    }

    /// The configuration as a URL, password included.
    public var url: String { PostgresURLParser.render(self, redactingPassword: false) }

    /// The configuration as a URL with the password replaced by `***`: safe for logs.
    public var redactedURL: String { PostgresURLParser.render(self, redactingPassword: true) }

    public var description: String { redactedURL }
}
