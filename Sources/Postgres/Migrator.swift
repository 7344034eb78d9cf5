import Logging

/// Applies migrations once per database, even when several processes start at the same moment.
public struct Migrator: Sendable {
    /// Advisory lock key used unless told otherwise ("orderflw" in ASCII).
    public static let defaultLockKey: Int64 = 0x6F72_6465_7266_6C77

    public let migrations: [Migration]
    public let table: String
    public let lockKey: Int64

    public init(migrations: [Migration], table: String = "schema_migrations", lockKey: Int64 = Migrator.defaultLockKey) {
        self.migrations = migrations
        self.table = table
        self.lockKey = lockKey
    }

    /// Applies, in version order, each migration not yet recorded, each in its own transaction together with
    /// its row in the migrations table. Holds a session advisory lock meanwhile, so a concurrent starter
    /// waits, then finds the work done. Returns the versions this call applied.
    @discardableResult
    public func migrate(_ connection: PostgresConnection) async throws(PostgresError) -> [Int] {
        guard let quotedTable = Identifier.quotedQualified(table) else {
            throw PostgresError(
                kind: .query,
                message: "invalid migrations table name \"\(table)\": use lower-case letters, digits and _ (optionally schema.table)")
        }
        try checkVersionsAreUnique()

        try await connection.execute("SELECT pg_advisory_lock($1)", [.int64(lockKey)])
        let result: Result<[Int], PostgresError>
        do {
            result = .success(try await applyPending(connection, table: quotedTable))
        } catch {
            result = .failure(error)
        }
        // Unlock even when cancelled; a lost connection releases the lock on the server anyway.
        _ = try? await connection.leased { () async throws(PostgresError) -> QueryOutcome in
            try await connection.perform(cancellable: false) { [lockKey] in
                $0.execute("SELECT pg_advisory_unlock($1)", [.int64(lockKey)])
            }
        }
        return try result.get()
    }

    private func checkVersionsAreUnique() throws(PostgresError) {
        var names: [Int: String] = [:]
        for migration in migrations {
            if let existing = names[migration.version] {
                throw PostgresError(
                    kind: .query,
                    message: "duplicate migration version \(migration.version): \"\(existing)\" and \"\(migration.name)\"")
            }
            names[migration.version] = migration.name
        }
    }

    private func applyPending(_ connection: PostgresConnection, table: String) async throws(PostgresError) -> [Int] {
        try await connection.executeScript("""
            CREATE TABLE IF NOT EXISTS \(table) (
                version bigint PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        var recorded: [Int: String] = [:]
        for row in try await connection.query("SELECT version, name FROM \(table)") {
            recorded[try row["version"].int()] = try row["name"].string()
        }
        let known = Set(migrations.map(\.version))
        let unknown = recorded.keys.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            connection.logger.warning("the database has migrations this program does not know", metadata: ["versions": "\(unknown)"])
        }

        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            if let name = recorded[migration.version] {
                if name != migration.name {
                    connection.logger.warning(
                        "applied migration was renamed",
                        metadata: ["version": "\(migration.version)", "recorded": "\(name)", "now": "\(migration.name)"])
                }
                continue
            }
            try await apply(migration, on: connection, table: table)
            applied.append(migration.version)
            connection.logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
        }
        return applied
    }

    private func apply(_ migration: Migration, on connection: PostgresConnection, table: String) async throws(PostgresError) {
        do {
            try await connection.transaction { transaction in
                try await transaction.executeScript(migration.sql)
                try await transaction.execute(
                    "INSERT INTO \(table) (version, name) VALUES ($1, $2)", [.int(migration.version), .text(migration.name)])
            }
        } catch let error as PostgresError {
            var wrapped = error
            wrapped.message = "migration \(migration.version) (\(migration.name)) failed and was rolled back: \(error.message)"
            throw wrapped
        } catch {
            throw PostgresError(kind: .query, message: "migration \(migration.version) (\(migration.name)) failed and was rolled back: \(error)")
        }
    }
}
