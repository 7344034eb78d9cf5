import Foundation
import JWTKit

/// The dev stack's signing key for order API tokens: an HS256 secret in a file only its owner may
/// read, made once and kept, so tokens printed earlier stay valid across `dev up` runs. The order
/// service reads it through `API_JWT_SECRET_FILE`; `orderflow token` signs with it.
public struct DevAPIKey: Sendable {
    public let file: URL
    let secret: String

    /// Every scope of the order API, which a dev token carries unless asked for fewer.
    public static let allScopes = ["orders:write", "orders:read"]

    public static func loadOrCreate(at file: URL) throws(DevAPIKeyError) -> DevAPIKey {
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard secret.utf8.count >= 32 else { throw DevAPIKeyError("\(file.path) holds no usable key; delete it to make a new one") }
            return DevAPIKey(file: file, secret: secret)
        }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            let created = FileManager.default.createFile(
                atPath: file.path, contents: Data("\(secret)\n".utf8), attributes: [.posixPermissions: 0o600])
            guard created else { throw DevAPIKeyError("cannot write \(file.path)") }
        } catch let error as DevAPIKeyError {
            throw error
        } catch {
            throw DevAPIKeyError("cannot create \(file.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        return DevAPIKey(file: file, secret: secret)
    }

    /// A signed bearer token for `subject` with `scopes`, valid from now for `ttl`.
    public func token(subject: String, scopes: [String], ttl: Duration, now: Date = Date()) async throws(DevAPIKeyError) -> String {
        let keys = await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        let claims = DevTokenClaims(
            sub: SubjectClaim(value: subject), exp: ExpirationClaim(value: now.addingTimeInterval(Double(ttl.components.seconds))),
            iat: IssuedAtClaim(value: now), scope: scopes.joined(separator: " "))
        do {
            return try await keys.sign(claims)
        } catch {
            throw DevAPIKeyError("cannot sign a token: \(error)")
        }
    }
}

public struct DevAPIKeyError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The claims of a dev token: who, until when, and what it may do.
private struct DevTokenClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var scope: String

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
