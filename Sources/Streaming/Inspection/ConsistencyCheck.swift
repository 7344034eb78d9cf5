import Postgres

/// A count of effects that happened more than once in one service's database (a second payment for an
/// order, a history entry recorded twice): zero is what the delivery guarantees promise, however often
/// Kafka redelivers. Each service declares its own, over its own tables.
public struct ConsistencyCheck: Sendable {
    /// What it counts, as a report shows it.
    public let name: String
    /// One row with an integer column `surplus`.
    let sql: String

    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }

    /// The same count under another name (one check run on several databases).
    public init(name: String, check: ConsistencyCheck) {
        self.init(name: name, sql: check.sql)
    }

    /// How many surplus effects the service's database holds.
    public func surplus(on connection: PostgresConnection) async throws(PostgresError) -> Int {
        try await connection.query(sql).first?["surplus"].int() ?? 0
    }
}
