/// One schema change. Versions order the changes; a version, once applied, is never applied again.
public struct Migration: Sendable, Hashable {
    public var version: Int
    public var name: String
    /// One or more statements, run as one script inside the migration's transaction. Statements that
    /// cannot run in a transaction (CREATE INDEX CONCURRENTLY, ...) do not belong here.
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
