import Logging

/// CREATE DATABASE unless it exists, connecting to the database `configuration` names (an admin database
/// such as `postgres`). Safe when several processes race to create the same database.
public func createDatabaseIfNeeded(
    _ name: String, using configuration: PostgresConfiguration,
    logger: Logger = Logger(label: "orderflow.postgres")
) async throws(PostgresError) {
    try requirePlainDatabaseName(name)
    let connection = try await PostgresConnection.connect(configuration, logger: logger)
    let result: Result<Void, PostgresError>
    do {
        let existing = try await connection.query("SELECT 1 FROM pg_database WHERE datname = $1", [.text(name)])
        if existing.isEmpty {
            try await connection.executeScript("CREATE DATABASE \"\(name)\"")
            logger.info("created database", metadata: ["database": "\(name)"])
        }
        result = .success(())
    } catch let error where error.sqlState == "42P04" || error.isUniqueViolation {
        // Another process created it between our check and our CREATE (42P04 duplicate_database, or the
        // unique index on pg_database when both CREATEs ran at once).
        result = .success(())
    } catch {
        result = .failure(error)
    }
    await connection.close()
    try result.get()
}

/// DROP DATABASE IF EXISTS, disconnecting its sessions first. For tests and dev-stack resets.
public func dropDatabaseIfExists(
    _ name: String, using configuration: PostgresConfiguration,
    logger: Logger = Logger(label: "orderflow.postgres")
) async throws(PostgresError) {
    try requirePlainDatabaseName(name)
    let connection = try await PostgresConnection.connect(configuration, logger: logger)
    let result: Result<Void, PostgresError>
    do {
        try await connection.executeScript("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
        result = .success(())
    } catch {
        result = .failure(error)
    }
    await connection.close()
    try result.get()
}

private func requirePlainDatabaseName(_ name: String) throws(PostgresError) {
    guard Identifier.isPlain(name) else {
        throw PostgresError(
            kind: .query,
            message: "invalid database name \"\(name)\": use at most 63 lower-case letters, digits and _, not starting with a digit")
    }
}
