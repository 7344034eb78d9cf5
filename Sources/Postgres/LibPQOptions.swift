import CLibPQ

/// Facts about libpq's connection parameters, asked of the linked libpq itself.
enum LibPQOptions {
    /// Every keyword `PQconnectdbParams` accepts, so a typo in a URL fails at parse time, not at connect.
    static let knownKeywords: Set<String> = {
        guard let defaults = PQconndefaults() else { return [] }
        defer { PQconninfoFree(defaults) }
        var keywords: Set<String> = []
        var option = defaults
        while let keyword = option.pointee.keyword {
            keywords.insert(String(cString: keyword))
            option = option.advanced(by: 1)
        }
        return keywords
    }()

    static func isKnown(_ keyword: String) -> Bool {
        knownKeywords.isEmpty || knownKeywords.contains(keyword)
    }

    /// libpq takes whole seconds, 0 meaning no limit. Round up so a sub-second timeout stays a limit.
    static func timeoutSeconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        return Int(seconds) + (attoseconds > 0 ? 1 : 0)
    }

    /// Session settings every connection needs so text results parse the same way everywhere.
    static let sessionSettings = "-c TimeZone=UTC -c DateStyle=ISO,MDY -c bytea_output=hex"

    /// Keyword/value pairs for `PQconnectdbParams`. User options come last so they can refine ours
    /// (an `options` entry is appended to the session settings rather than replacing them).
    static func keywords(for configuration: PostgresConfiguration) -> [(String, String)] {
        var pairs: [(String, String)] = [
            ("host", configuration.host),
            ("port", String(configuration.port)),
            ("user", configuration.user),
            ("dbname", configuration.database),
            ("application_name", configuration.applicationName),
            ("connect_timeout", String(timeoutSeconds(configuration.connectTimeout))),
            ("client_encoding", "UTF8"),
        ]
        if let password = configuration.password { pairs.append(("password", password)) }
        var settings = sessionSettings
        for (key, value) in configuration.options.sorted(by: { $0.key < $1.key }) {
            if key == "options" {
                settings += " " + value
            } else {
                pairs.append((key, value))
            }
        }
        pairs.append(("options", settings))
        return pairs
    }
}
