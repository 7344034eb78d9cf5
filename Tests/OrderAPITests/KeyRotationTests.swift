import Foundation
import HummingbirdTesting
import JWTKit
@testable import OrderService
import Testing

/// RS256 and ES256 public keys come from a JWKS file, which is rotated by replacing it: the service
/// reads the new file without a restart, and a file that does not parse keeps the keys in use.
@Suite("order API signing keys from a JWKS file", .serialized)
struct KeyRotationTests {
    struct ECKey {
        let kid: String
        let key = ES256PrivateKey()

        var jwk: String {
            let (x, y) = key.publicKey.parameters!
            return #"{"kty":"EC","crv":"P-256","alg":"ES256","use":"sig","kid":"\#(kid)","x":"\#(x)","y":"\#(y)"}"#
        }

        func sign(_ claims: Tokens.Claims = Tokens.claims()) async throws -> String {
            try await JWTKeyCollection().add(ecdsa: key, kid: JWKIdentifier(string: kid)).sign(claims, kid: JWKIdentifier(string: kid))
        }
    }

    static func write(_ jwks: [String], to file: URL) throws {
        try Data(#"{"keys":[\#(jwks.joined(separator: ","))]}"#.utf8).write(to: file, options: .atomic)
    }

    static func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString).json")
    }

    @Test("a replaced JWKS file is read without a restart; a broken one keeps the keys in use")
    func rotation() async throws {
        let file = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let old = ECKey(kid: "2026-01"), new = ECKey(kid: "2026-02")
        try Self.write([old.jwk], to: file)
        try await APIHarness.with(APIEdgeSettings(jwksFile: file.path)) { _, client in
            #expect(try await client.getOrder("o-1", token: try await old.sign()).status == .notFound)
            AuthenticationTests.expectUnauthorized(try await client.getOrder("o-1", token: try await new.sign()), "signature does not verify")

            // The keys are looked at again at most once a second.
            try await Task.sleep(for: .milliseconds(1100))
            try Self.write([new.jwk], to: file)
            #expect(try await client.getOrder("o-1", token: try await new.sign()).status == .notFound)
            AuthenticationTests.expectUnauthorized(try await client.getOrder("o-1", token: try await old.sign()), "signature does not verify")

            try await Task.sleep(for: .milliseconds(1100))
            try Data("{not json".utf8).write(to: file, options: .atomic)
            #expect(try await client.getOrder("o-1", token: try await new.sign()).status == .notFound)
        }
    }

    @Test("RS256 keys verify; an HS256 token is refused when only a JWKS file is configured")
    func rsaKeys() async throws {
        let file = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let pem = try Self.openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])
        let key = try Insecure.RSA.PrivateKey(pem: pem)
        let (modulus, exponent) = try key.publicKey.getKeyPrimitives()
        try Self.write([
            #"{"kty":"RSA","alg":"RS256","use":"sig","kid":"rsa-1","n":"\#(Tokens.base64URL(modulus))","e":"\#(Tokens.base64URL(exponent))"}"#,
        ], to: file)
        try await APIHarness.with(APIEdgeSettings(jwksFile: file.path)) { _, client in
            let signed = try await JWTKeyCollection().add(rsa: key, digestAlgorithm: .sha256, kid: "rsa-1")
                .sign(Tokens.claims(), kid: "rsa-1")
            #expect(try await client.getOrder("o-1", token: signed).status == .notFound)
            AuthenticationTests.expectUnauthorized(try await client.getOrder("o-1", token: try await Tokens.hs256()), "no key is configured for HS256")
        }
    }

    static func openssl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
