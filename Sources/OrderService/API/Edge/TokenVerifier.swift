import Foundation
import JWTKit

/// Why a bearer token was refused; the text becomes the `error_description` of the 401 answer.
struct TokenRejection: Error, Sendable, Equatable, CustomStringConvertible {
    var description: String
}

/// Checks a bearer token: its `alg` against an allow-list (never `none`), its signature with the key
/// of that algorithm, `exp` and `nbf` with the configured clock skew, and `iss` and `aud` where
/// configured. A token must carry `sub` and `exp`.
struct TokenVerifier: Sendable {
    /// The algorithms the API ever accepts; a key must also be configured for the token's one.
    static let allowedAlgorithms: Set<String> = ["HS256", "RS256", "ES256"]

    let keys: SigningKeys
    let issuer: String?
    let audience: String?
    let clockSkew: Duration

    func verify(_ token: String, now: Date = Date()) async throws(TokenRejection) -> APIPrincipal {
        let header = try Self.header(of: token)
        guard let alg = header.alg, Self.allowedAlgorithms.contains(alg) else {
            throw TokenRejection(description: "the token's algorithm \(header.alg ?? "(none)") is not accepted")
        }
        guard let keys = await keys.collection(for: alg) else {
            throw TokenRejection(description: "no key is configured for \(alg) tokens")
        }
        let claims: BearerClaims
        do {
            // jwt-kit falls back to its default key for an unknown kid; the key found must be of the
            // token's own algorithm, so a key is never used with another algorithm than its own.
            let key = try await keys.getKey(for: header.kid.flatMap { JWKIdentifier(string: $0) }, alg: alg)
            guard key.name == alg else { throw TokenRejection(description: "no \(alg) key matches the token") }
            claims = try await keys.verify(token, as: BearerClaims.self)
        } catch let rejection as TokenRejection {
            throw rejection
        } catch {
            throw TokenRejection(description: "the token's signature does not verify")
        }
        return try check(claims, now: now)
    }

    func check(_ claims: BearerClaims, now: Date) throws(TokenRejection) -> APIPrincipal {
        let skew = Double(clockSkew.components.seconds)
        guard let exp = claims.exp else { throw TokenRejection(description: "the token has no exp claim") }
        guard now.timeIntervalSince(exp.value) <= skew else { throw TokenRejection(description: "the token has expired") }
        if let nbf = claims.nbf, nbf.value.timeIntervalSince(now) > skew {
            throw TokenRejection(description: "the token is not valid yet (nbf)")
        }
        if let issuer, claims.iss?.value != issuer {
            throw TokenRejection(description: "the token's issuer is not accepted")
        }
        if let audience, !(claims.aud?.value.contains(audience) ?? false) {
            throw TokenRejection(description: "the token is not meant for this audience")
        }
        guard let subject = claims.sub?.value, !subject.isEmpty else {
            throw TokenRejection(description: "the token has no sub claim")
        }
        let scopes = (claims.scope ?? "").split(separator: " ").map(String.init)
        return APIPrincipal(subject: subject, scopes: Set(scopes))
    }

    struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    /// The JOSE header, read before any key is chosen.
    static func header(of token: String) throws(TokenRejection) -> Header {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let first = parts.first,
              let bytes = base64URLDecoded(String(first)),
              let header = try? JSONDecoder().decode(Header.self, from: bytes)
        else {
            throw TokenRejection(description: "the token is not a JWT")
        }
        return header
    }
}

/// Base64url without padding (RFC 7515) as Foundation's Base64.
func base64URLDecoded(_ text: String) -> Data? {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    return Data(base64Encoded: base64)
}
