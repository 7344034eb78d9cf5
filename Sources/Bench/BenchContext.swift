import Foundation
import Kafka
import Logging
import Postgres

/// What every scenario of one run shares: the Kafka cluster and the run's topics on it, the database
/// server, pgbench and a scratch folder.
struct BenchContext: Sendable {
    let options: BenchOptions
    let cluster: BenchCluster
    let topics: BenchTopics
    let admin: KafkaAdmin
    let server: PostgresConfiguration
    let pgbench: Pgbench?
    let scratch: URL
    let logger: Logger
    /// The server's postmaster, when it runs on this machine: its CPU is read from /proc.
    let postmasterPID: Int32?
    let log: @Sendable (String) -> Void

    /// A scratch database, dropped first if a previous run left it.
    func freshDatabase(_ name: String) async throws -> PostgresConfiguration {
        try await dropDatabaseIfExists(name, using: server, logger: logger)
        try await createDatabaseIfNeeded(name, using: server, logger: logger)
        return server.with(database: name)
    }

    func dropDatabase(_ name: String) async {
        try? await dropDatabaseIfExists(name, using: server, logger: logger)
    }

    /// Names of the run's own topics.
    var names: BenchTopicNames { topics.names }

    /// Every partition's log start and end offsets.
    func watermarks(topic: String) async throws -> [Int32: (low: Int64, high: Int64)] {
        let description = try await admin.describeTopic(topic)
        var marks: [Int32: (low: Int64, high: Int64)] = [:]
        for partition in description.partitions {
            marks[partition] = try await admin.watermarks(TopicPartition(topic: topic, partition: partition))
        }
        return marks
    }

    /// The lowest offset each partition still holds, summed; non-zero means the broker dropped records.
    /// Nil where the broker keeps every record of the topic (`BenchTopics.mayDropRecords`): nothing to check.
    func droppedRecords(topic: String) async throws -> Int64? {
        guard topics.mayDropRecords(topic) else { return nil }
        return try await watermarks(topic: topic).values.reduce(0) { $0 + $1.low }
    }

    /// Whole-server CPU seconds so far (postmaster, live children, and children already reaped).
    func serverCPUSeconds() -> Double? {
        guard let postmasterPID else { return nil }
        return ServerCPU.total(postmaster: postmasterPID)
    }
}

/// CPU of a process tree rooted at a postmaster, read from /proc: its own time, the time of children it
/// has reaped (cutime/cstime), and the time of its live children.
enum ServerCPU {
    static func total(postmaster: Int32) -> Double? {
        guard let own = fields(pid: postmaster) else { return nil }
        var total = own.user + own.system + own.childUser + own.childSystem
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), pid != postmaster, let child = fields(pid: pid), child.parent == postmaster else { continue }
            total += child.user + child.system
        }
        return total / ProcessUsage.ticksPerSecond
    }

    struct StatFields {
        var parent: Int32
        var user: Double
        var system: Double
        var childUser: Double
        var childSystem: Double
    }

    static func fields(pid: Int32) -> StatFields? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After "(comm)": [0]=state [1]=ppid ... [11]=utime [12]=stime [13]=cutime [14]=cstime
        guard fields.count > 14, let parent = Int32(fields[1]), let user = Double(fields[11]), let system = Double(fields[12]),
              let childUser = Double(fields[13]), let childSystem = Double(fields[14]) else { return nil }
        return StatFields(parent: parent, user: user, system: system, childUser: childUser, childSystem: childSystem)
    }

    /// The postmaster serving `connection`, if the server runs on this machine.
    static func postmaster(of connection: PostgresConnection) -> Int32? {
        let backend = connection.backendPID
        // A server in another PID namespace (a container) has no such process here, or a different one.
        let name = (try? String(contentsOfFile: "/proc/\(backend)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard backend > 0, name == "postgres", let fields = fields(pid: backend) else { return nil }
        return fields.parent
    }
}
