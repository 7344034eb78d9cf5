import Foundation

/// Turns connection URLs into configurations and back. Kept apart from the configuration so the rules
/// (what is decoded, what is validated, what is redacted) live in one place.
enum PostgresURLParser {
    static func parse(_ url: String) throws(PostgresError) -> PostgresConfiguration {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw invalid("the URL is empty") }

        guard let schemeEnd = trimmed.range(of: "://") else {
            throw invalid("the URL must start with postgres:// or postgresql://")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("unsupported scheme '\(scheme)'; use postgres:// or postgresql://")
        }
        var rest = Substring(trimmed[schemeEnd.upperBound...])

        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var query: Substring = ""
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        var path: Substring = ""
        // The user info may contain an unencoded '/' in a password, so the path starts after the last '@'.
        let authorityStart = rest.lastIndex(of: "@").map { rest.index(after: $0) } ?? rest.startIndex
        if let slash = rest[authorityStart...].firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }

        var user: String?
        var password: String?
        var hostPort = rest
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            hostPort = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try decode(userInfo[..<colon], what: "user name")
                password = try decode(userInfo[userInfo.index(after: colon)...], what: "password")
            } else {
                user = try decode(userInfo, what: "user name")
            }
        }

        var (host, port) = try parseHostPort(hostPort)
        var database = path.isEmpty ? nil : try decode(path, what: "database name")
        if let database, database.contains("/") {
            throw invalid("the database name '\(database)' contains '/'")
        }

        var applicationName: String?
        var connectTimeout: Duration?
        var options: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try decode(parts[0], what: "query parameter name")
            guard !key.isEmpty else { throw invalid("a query parameter has no name") }
            let value = parts.count > 1 ? try decode(parts[1], what: "value of query parameter '\(key)'") : ""
            switch key {
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            case "host": host = value
            case "port": port = try parsePort(Substring(value))
            case "application_name": applicationName = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds >= 0 else {
                    throw invalid("connect_timeout '\(value)' is not a whole number of seconds")
                }
                connectTimeout = .seconds(seconds)
            default:
                guard LibPQOptions.isKnown(key) else {
                    // Only echo names that look like option names: a password with an unencoded '?'
                    // would otherwise end up here and in the logs.
                    let looksLikeName = key.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "_") }
                    throw invalid(looksLikeName ? "unknown connection option '\(key)'" : "a query parameter is not a connection option (is a '?' or '#' in the password not percent-encoded?)")
                }
                options[key] = value
            }
        }

        guard let host, !host.isEmpty else { throw invalid("the URL has no host") }
        guard let user, !user.isEmpty else { throw invalid("the URL has no user name") }

        var configuration = PostgresConfiguration(
            host: host, port: port ?? PostgresConfiguration.defaultPort, user: user, password: password,
            database: database ?? user)
        if let applicationName { configuration.applicationName = applicationName }
        if let connectTimeout { configuration.connectTimeout = connectTimeout }
        configuration.options = options
        return configuration
    }

    static func render(_ configuration: PostgresConfiguration, redactingPassword: Bool) -> String {
        var text = "postgres://" + encode(configuration.user)
        if let password = configuration.password {
            text += ":" + (redactingPassword ? "***" : encode(password))
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : encode(configuration.host)
        text += "@\(host):\(configuration.port)/" + encode(configuration.database)

        var query: [(String, String)] = configuration.options.sorted { $0.key < $1.key }
        if configuration.applicationName != "orderflow" {
            query.append(("application_name", configuration.applicationName))
        }
        if configuration.connectTimeout != .seconds(5) {
            query.append(("connect_timeout", String(LibPQOptions.timeoutSeconds(configuration.connectTimeout))))
        }
        if !query.isEmpty {
            text += "?" + query.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
        }
        return text
    }

    private static func parseHostPort(_ text: Substring) throws(PostgresError) -> (String?, Int?) {
        if text.isEmpty { return (nil, nil) }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw invalid("the IPv6 host is missing its closing ']'")
            }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 host") }
            return (host, try parsePort(after.dropFirst()))
        }
        if text.contains(",") {
            throw invalid("several hosts in one URL are not supported")
        }
        if let colon = text.lastIndex(of: ":") {
            let host = try decode(text[..<colon], what: "host")
            return (host, try parsePort(text[text.index(after: colon)...]))
        }
        return (try decode(text, what: "host"), nil)
    }

    private static func parsePort(_ text: Substring) throws(PostgresError) -> Int? {
        if text.isEmpty { return nil }
        guard text.allSatisfy(\.isASCII), let port = Int(text), (1...65535).contains(port) else {
            throw invalid("the port '\(text)' is not a number between 1 and 65535")
        }
        return port
    }

    private static func decode(_ text: Substring, what: String) throws(PostgresError) -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw invalid("the \(what) contains an invalid percent-escape")
        }
        return decoded
    }

    private static let unreserved: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        set.insert(charactersIn: "-._~")
        return set
    }()

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static func invalid(_ reason: String) -> PostgresError {
        PostgresError(kind: .invalidURL, message: "invalid PostgreSQL URL: \(reason)")
    }
}
