import Foundation

/// Every failure the Postgres library reports, typed so callers can decide whether to retry.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The connection URL could not be parsed or names an unknown option.
        case invalidURL
        /// The server could not be reached, refused the session, or the session was lost.
        case connection
        /// The server rejected the credentials or the role.
        case authentication
        /// The server rejected a statement (see `sqlState`).
        case query
        /// A result value could not be turned into the requested Swift type.
        case decoding
        /// The connection, listener or transaction was already closed by its owner.
        case closed
    }

    public var kind: Kind
    /// The five-character SQLSTATE the server reported, when there was one.
    public var sqlState: String?
    /// Primary message, detail and hint, plus which statement failed.
    public var message: String
    /// True when running the same work again later may succeed: the connection was lost or could not be
    /// made, or the server reported a serialization failure, deadlock, shutdown or lack of connection slots.
    public var isRetryable: Bool

    public var isUniqueViolation: Bool { sqlState == "23505" }

    public init(kind: Kind, message: String, sqlState: String? = nil, isRetryable: Bool? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.isRetryable = isRetryable ?? Self.isRetryable(kind: kind, sqlState: sqlState)
    }

    public var description: String {
        var text = "PostgresError.\(kind)"
        if let sqlState { text += " [\(sqlState)]" }
        return text + ": " + message
    }

    /// SQLSTATEs worth retrying even though the session itself may still be fine.
    private static let retryableStates: Set<String> = [
        "40001",  // serialization_failure
        "40P01",  // deadlock_detected
        "53300",  // too_many_connections
        "57P01",  // admin_shutdown
        "57P02",  // crash_shutdown
        "57P03",  // cannot_connect_now
    ]

    /// SQLSTATEs that mean "this will fail again the same way", even when seen while connecting.
    private static let permanentConnectionStates: Set<String> = [
        "3D000",  // invalid_catalog_name: the database does not exist
        "28000",  // invalid_authorization_specification
        "28P01",  // invalid_password
        "42501",  // insufficient_privilege
    ]

    static func isRetryable(kind: Kind, sqlState: String?) -> Bool {
        if let sqlState {
            if retryableStates.contains(sqlState) || sqlState.hasPrefix("08") { return true }
            if permanentConnectionStates.contains(sqlState) { return false }
        }
        return kind == .connection
    }
}

extension PostgresError {
    /// Statement text as shown in error messages: long scripts are cut so logs stay readable.
    static func excerpt(_ sql: String, limit: Int = 200) -> String {
        let flattened = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        if flattened.count <= limit { return flattened }
        return String(flattened.prefix(limit)) + "…"
    }
}
