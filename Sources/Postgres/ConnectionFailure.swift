import Foundation

/// Classifies libpq's connection-time error text. libpq exposes no SQLSTATE before a session exists, so the
/// server's (English) message is the only signal; anything unrecognised stays a retryable connection error.
enum ConnectionFailure {
    private struct Rule {
        var fragments: [String]
        var kind: PostgresError.Kind
        var sqlState: String?
    }

    private static let rules: [Rule] = [
        Rule(fragments: ["password authentication failed"], kind: .authentication, sqlState: "28P01"),
        Rule(fragments: ["no password supplied"], kind: .authentication, sqlState: "28P01"),
        Rule(fragments: ["authentication failed"], kind: .authentication, sqlState: "28000"),
        Rule(fragments: ["no pg_hba.conf entry"], kind: .authentication, sqlState: "28000"),
        Rule(fragments: ["role \"", "does not exist"], kind: .authentication, sqlState: "28000"),
        Rule(fragments: ["database \"", "does not exist"], kind: .connection, sqlState: "3D000"),
        Rule(fragments: ["too many clients"], kind: .connection, sqlState: "53300"),
        Rule(fragments: ["remaining connection slots are reserved"], kind: .connection, sqlState: "53300"),
        Rule(fragments: ["the database system is starting up"], kind: .connection, sqlState: "57P03"),
        Rule(fragments: ["the database system is shutting down"], kind: .connection, sqlState: "57P03"),
        Rule(fragments: ["the database system is in recovery mode"], kind: .connection, sqlState: "57P03"),
        Rule(fragments: ["the database system is not yet accepting connections"], kind: .connection, sqlState: "57P03"),
    ]

    static func classify(_ libpqMessage: String, configuration: PostgresConfiguration) -> PostgresError {
        let detail = libpqMessage.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: " ")
        let message = "could not connect to \(configuration.redactedURL): \(detail)"
        for rule in rules where rule.fragments.allSatisfy({ detail.contains($0) }) {
            return PostgresError(kind: rule.kind, message: message, sqlState: rule.sqlState)
        }
        return PostgresError(kind: .connection, message: message)
    }
}
