import Foundation

/// Which process is reading its settings. Some defaults are made of it: a consumer's group is its
/// service's name, each service has an HTTP port of its own.
public struct ProcessIdentity: Sendable {
    public var service: String
    public var defaultHTTPPort: Int
    public var hostname: String
    /// The name of its own database, for the `DATABASE_URL` example `--help` shows.
    public var database: String

    public init(
        service: String, defaultHTTPPort: Int, database: String = "orders", hostname: String = ProcessInfo.processInfo.hostName
    ) {
        self.service = service
        self.defaultHTTPPort = defaultHTTPPort
        self.database = database
        self.hostname = hostname
    }
}
