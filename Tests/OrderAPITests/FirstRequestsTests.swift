import Logging
@testable import OrderService
import Testing

/// The keys are read on the first request; requests that arrive while that read is under way wait
/// for it rather than being refused for want of a key.
@Suite("order API first requests")
struct FirstRequestsTests {
    /// The race needs two requests inside the first load at once, so it is tried on many fresh services.
    @Test("tokens verified together on a fresh service all find the key")
    func concurrentFirstVerificationsFindTheKey() async throws {
        let token = try await Tokens.hs256()
        var refusals: [String] = []
        for _ in 0..<300 {
            refusals += await Self.verifyTogether(token, times: 16)
        }
        #expect(refusals.count == 0, "\(refusals.count) refused, e.g. \(refusals.first ?? "")")
    }

    static func verifyTogether(_ token: String, times: Int) async -> [String] {
        let verifier = TokenVerifier(
            keys: SigningKeys(secret: APIHarness.secret, jwksPath: nil, logger: Logger(label: "test")),
            issuer: nil, audience: nil, clockSkew: .seconds(30))
        return await withTaskGroup(of: String?.self) { group in
            for _ in 0..<times {
                group.addTask {
                    do throws(TokenRejection) {
                        _ = try await verifier.verify(token)
                        return nil
                    } catch {
                        return error.description
                    }
                }
            }
            var refusals: [String] = []
            for await refusal in group { if let refusal { refusals.append(refusal) } }
            return refusals
        }
    }
}
