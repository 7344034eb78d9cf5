import JWTKit

/// The claims the order API reads from a bearer token. Time, issuer and audience are checked by
/// `TokenVerifier` (with the configured clock skew), not by jwt-kit's `verify`, so the checks and
/// their error messages are the API's own.
struct BearerClaims: JWTPayload, Equatable {
    var sub: SubjectClaim?
    var exp: ExpirationClaim?
    var nbf: NotBeforeClaim?
    var iat: IssuedAtClaim?
    var iss: IssuerClaim?
    var aud: AudienceClaim?
    /// Space-separated scopes (RFC 8693 `scope`).
    var scope: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
