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

    var pid: Int32
    var phase: Phase
    var startedAt: Date
    var broker: Broker?
    var postgres: Postgres?
    var processes: [StackProcessInfo]
}
