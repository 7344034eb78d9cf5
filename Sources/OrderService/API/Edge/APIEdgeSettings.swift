import Streaming

/// Whether the order API checks bearer tokens. Only an explicit `disabled` turns checking off.
public enum APIAuthMode: String, Sendable, CaseIterable {
    case enabled, disabled
}

/// What the order API's edge reads from the environment: how tokens are checked and how many requests
/// a client may make.
struct APIEdgeSettings: Sendable {
    var auth: APIAuthMode
    var jwtSecret: String?
    var jwksFile: String?
    var issuer: String?
    var audience: String?
    var clockSkew: Duration
    var ratePerSecond: Int
    var burst: Int

    enum Variables {
        static let auth = Setting.choice(
            name: "API_AUTH", description: "Bearer-token checking of the order API (disabled: anyone may call it)",
            default: APIAuthMode.enabled, options: APIAuthMode.allCases.map { ($0.rawValue, $0) }, example: "enabled")
        static let jwtSecret = Setting.optionalString(
            name: "API_JWT_SECRET", description: "HS256 key of the order API's bearer tokens", example: "change-me"
        ).secret()
        static let jwksFile = Setting.optionalString(
            name: "API_JWKS_FILE", description: "JWKS file of RS256/ES256 public keys of bearer tokens, re-read when it changes",
            example: "/run/secrets/api-jwks.json")
        static let issuer = Setting.optionalString(
            name: "API_JWT_ISSUER", description: "Required iss claim of bearer tokens (unset: not checked)",
            example: "https://auth.example.com/")
        static let audience = Setting.optionalString(
            name: "API_JWT_AUDIENCE", description: "Audience bearer tokens must name in aud (unset: not checked)",
            example: "orderflow-api")
        static let clockSkew = Setting.integer(
            name: "API_JWT_CLOCK_SKEW_S", description: "Seconds of clock skew allowed when checking exp and nbf",
            default: 60, range: 0...3600, example: "30")
        static let ratePerSecond = Setting.integer(
            name: "API_RATE_LIMIT_PER_S", description: "Requests per second each API client (token subject, else address) may make",
            default: 50, range: 1...100_000, example: "20")
        static let burst = Setting.integer(
            name: "API_RATE_LIMIT_BURST", description: "Requests an idle API client may make at once",
            default: 100, range: 1...100_000, example: "40")

        static let all: [any SettingDeclaration] = [auth, jwtSecret, jwksFile, issuer, audience, clockSkew, ratePerSecond, burst]
    }

    init(from reader: inout EnvironmentReader) {
        typealias V = Variables
        auth = reader.read(V.auth)
        jwtSecret = reader.read(V.jwtSecret)
        jwksFile = reader.read(V.jwksFile)
        issuer = reader.read(V.issuer)
        audience = reader.read(V.audience)
        clockSkew = .seconds(reader.read(V.clockSkew))
        ratePerSecond = reader.read(V.ratePerSecond)
        burst = reader.read(V.burst)
        if let secret = jwtSecret, secret.utf8.count < 32 {
            reader.report("\(V.jwtSecret.name) must be at least 32 bytes (an HS256 key shorter than its hash is guessable)")
        }
    }

    init(auth: APIAuthMode = .enabled, jwtSecret: String? = nil, jwksFile: String? = nil, issuer: String? = nil,
         audience: String? = nil, clockSkew: Duration = .seconds(60), ratePerSecond: Int = 50, burst: Int = 100) {
        self.auth = auth
        self.jwtSecret = jwtSecret
        self.jwksFile = jwksFile
        self.issuer = issuer
        self.audience = audience
        self.clockSkew = clockSkew
        self.ratePerSecond = ratePerSecond
        self.burst = burst
    }
}
