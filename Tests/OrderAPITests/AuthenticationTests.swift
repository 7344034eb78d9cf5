import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
@testable import OrderService
import Streaming
import Testing

/// Every way a request can fail authentication gets 401 with a Bearer challenge and a problem body;
/// a token without the route's scope gets 403; a good token reaches the route.
@Suite("order API authentication", .serialized)
struct AuthenticationTests {
    static func expectUnauthorized(_ response: TestResponse, _ description: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == .unauthorized, "\(response.text)", sourceLocation: sourceLocation)
        let challenge = response.headers[.wwwAuthenticate] ?? ""
        #expect(challenge.hasPrefix("Bearer error=\"invalid_token\", error_description=\""), "\(challenge)", sourceLocation: sourceLocation)
        #expect(challenge.contains(description), "\(challenge)", sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        #expect(response.problem?.status == 401, sourceLocation: sourceLocation)
    }

    @Test("no token, a malformed one, a forged one and the none algorithm are refused")
    func badTokensAreRefused() async throws {
        try await APIHarness.with { _, client in
            Self.expectUnauthorized(try await client.createOrder(token: nil), "no bearer token")
            Self.expectUnauthorized(try await client.createOrder(token: "not-a-jwt"), "not a JWT")
            let forged = try await Tokens.hs256(secret: "another-secret-that-is-also-32-bytes-long")
            Self.expectUnauthorized(try await client.createOrder(token: forged), "signature does not verify")
            Self.expectUnauthorized(try await client.createOrder(token: try Tokens.unsecured()), "algorithm none is not accepted")
            let basic = try await client.execute(
                uri: "/api/v1/orders/x", method: .get, headers: [.authorization: "Basic YWxpY2U6c2VjcmV0"])
            Self.expectUnauthorized(basic, "not a bearer token")
        }
    }

    @Test("an expired token is refused; one expired within the clock skew is accepted")
    func expiryAndSkew() async throws {
        let settings = APIEdgeSettings(jwtSecret: APIHarness.secret, clockSkew: .seconds(30))
        try await APIHarness.with(settings) { _, client in
            let expired = try await Tokens.hs256(Tokens.claims(expiresIn: -120))
            Self.expectUnauthorized(try await client.getOrder("o-1", token: expired), "expired")
            let withinSkew = try await Tokens.hs256(Tokens.claims(expiresIn: -10))
            #expect(try await client.getOrder("o-1", token: withinSkew).status == .notFound)
            let notYet = try await Tokens.hs256(Tokens.claims(notBefore: 120))
            Self.expectUnauthorized(try await client.getOrder("o-1", token: notYet), "not valid yet")
            let soon = try await Tokens.hs256(Tokens.claims(notBefore: 10))
            #expect(try await client.getOrder("o-1", token: soon).status == .notFound)
            let noExpiry = try await Tokens.hs256(Tokens.claims(expiresIn: nil))
            Self.expectUnauthorized(try await client.getOrder("o-1", token: noExpiry), "no exp claim")
        }
    }

    @Test("issuer and audience are checked when configured")
    func issuerAndAudience() async throws {
        let settings = APIEdgeSettings(jwtSecret: APIHarness.secret, issuer: "https://auth.example", audience: "orderflow-api")
        try await APIHarness.with(settings) { _, client in
            let good = try await Tokens.hs256(Tokens.claims(iss: "https://auth.example", aud: ["other", "orderflow-api"]))
            #expect(try await client.getOrder("o-1", token: good).status == .notFound)
            let wrongAudience = try await Tokens.hs256(Tokens.claims(iss: "https://auth.example", aud: ["other"]))
            Self.expectUnauthorized(try await client.getOrder("o-1", token: wrongAudience), "audience")
            let wrongIssuer = try await Tokens.hs256(Tokens.claims(iss: "https://evil.example", aud: ["orderflow-api"]))
            Self.expectUnauthorized(try await client.getOrder("o-1", token: wrongIssuer), "issuer")
        }
    }

    @Test("a missing scope is 403; the token's subject is recorded with the order it created")
    func scopesAndSubject() async throws {
        try await APIHarness.with { harness, client in
            let readOnly = try await Tokens.hs256(Tokens.claims(scopes: ["orders:read"]))
            let refused = try await client.createOrder(token: readOnly)
            #expect(refused.status == .forbidden)
            #expect(refused.headers[.wwwAuthenticate] == "Bearer error=\"insufficient_scope\", scope=\"orders:write\"")
            #expect(refused.problem?.status == 403)
            let writeOnly = try await Tokens.hs256(Tokens.claims(scopes: ["orders:write"]))
            #expect(try await client.getOrder("o-1", token: writeOnly).status == .forbidden)

            let accepted = try await client.createOrder(token: try await Tokens.hs256(Tokens.claims(sub: "alice")))
            #expect(accepted.status == .accepted, "\(accepted.text)")
            let orderID = try #require(accepted.json?["orderId"] as? String)
            #expect(try await harness.requester(of: orderID) == "alice")
        }
    }

    @Test("API_AUTH=disabled lets requests through without a token")
    func disabled() async throws {
        try await APIHarness.with(APIEdgeSettings(auth: .disabled)) { harness, client in
            let accepted = try await client.createOrder(token: nil)
            #expect(accepted.status == .accepted, "\(accepted.text)")
            let orderID = try #require(accepted.json?["orderId"] as? String)
            #expect(try await harness.requester(of: orderID) == nil)
        }
        #expect(APIEdge.warnings(APIEdgeSettings(auth: .disabled)).first?.contains("API_AUTH=disabled") == true)
        #expect(APIEdge.warnings(APIEdgeSettings()).first?.contains("no signing key") == true)
        #expect(APIEdge.warnings(APIEdgeSettings(jwtSecret: APIHarness.secret)).isEmpty)
    }

    @Test("authentication is on unless API_AUTH says disabled; a short HS256 secret is a configuration problem")
    func settingsDefaults() {
        var reader = EnvironmentReader([:])
        #expect(APIEdgeSettings(from: &reader).auth == .enabled)
        reader = EnvironmentReader(["API_AUTH": "disabled"])
        #expect(APIEdgeSettings(from: &reader).auth == .disabled)
        reader = EnvironmentReader(["API_JWT_SECRET": "tiny-key"])
        _ = APIEdgeSettings(from: &reader)
        #expect(reader.problems.count == 1)
        #expect(!reader.problems.joined().contains("tiny-key"))
    }
}
