import Foundation

/// Which process is reading its settings. Some defaults are made of it: a consumer's group is its
/// service's name, each service has an HTTP port of its own.
public struct ProcessIdentity: Sendable {
    public var service: String
    public var defaultHTTPPort: Int
    public var hostname: String

    public init(service: String, defaultHTTPPort: Int, hostname: String = ProcessInfo.processInfo.hostName) {
        self.service = service
        self.defaultHTTPPort = defaultHTTPPort
        self.hostname = hostname
    }
}
