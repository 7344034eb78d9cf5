import Foundation

/// Classifies libpq's connection-time error text. libpq exposes no SQLSTATE before a session exists, so the
/// server's (English) message is the only signal; anything unrecognised stays a retryable connection error.
enum ConnectionFailure {
    private struct Rule {
        var fragments: [String]
        var kind: PostgresError.Kind
        var sqlState: String?
        /// nil: as the kind and SQLSTATE say.
        var retryable: Bool? = nil
    }

    /// TLS set up wrongly on either side (a certificate that does not verify, a name it does not hold, a
    /// file that is missing): trying again fails the same way, so a starting service gives up at once.
    private static func tls(_ fragments: String...) -> Rule {
        Rule(fragments: fragments, kind: .connection, sqlState: nil, retryable: false)
    }

    private static let rules: [Rule] = [
        tls("certificate verify failed"),
        tls("does not match host name"),
        tls("root certificate file", "does not exist"),
        tls("could not read root certificate file"),
        tls("could not open certificate file"),
        tls("could not load private key file"),
        tls("certificate present, but not private key file"),
        tls("private key file", "has group or world access"),
        tls("server does not support SSL, but SSL was required"),
        tls("sslmode value", "invalid"),
        tls("tlsv1 alert unknown ca"),
        tls("connection requires a valid client certificate"),
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
            return PostgresError(kind: rule.kind, message: message, sqlState: rule.sqlState, isRetryable: rule.retryable)
        }
        return PostgresError(kind: .connection, message: message)
    }
}
