import Foundation
import LocalStack

/// `.orderflow/dev/stack.json`: what a dev stack runs, for `dev status`, `dev down` and a detaching `dev up`.
struct DevStackState: Codable {
    enum Phase: String, Codable {
        case starting, ready, stopping
    }

    struct Postgres: Codable {
        /// The redacted admin URL.
        var url: String
        /// Set when the stack runs its own server.
        var dataDirectory: String?
        var pid: Int32?
    }

    struct Broker: Codable {
        var bootstrapServers: String
        /// Brokers of the embedded cluster; nil when the stack uses an outside broker.
        var embeddedBrokers: Int?
    }

    struct API: Codable {
        /// Base URL: `<url>/api/v1/orders`.
        var url: String
        /// The process that serves it (`order#1`).
        var process: String
    }

    /// The process whose HTTP port is the order API the README and the CLI use.
    static let apiProcess = StackProcessID(.order, replica: 1)

    var pid: Int32
    var phase: Phase
    var startedAt: Date
    var broker: Broker?
    var postgres: Postgres?
    var processes: [StackProcessInfo]
    /// Set once the stack is ready; absent in the files of older stacks.
    var api: API? = nil
}
