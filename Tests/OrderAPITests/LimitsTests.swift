import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import OrderService
import Streaming
import Testing

/// Size limits (413, 414, 431), the per-client rate limit (429 with Retry-After), and problem+json on
/// every error answer, validation errors listing every field.
@Suite("order API limits and errors", .serialized)
struct LimitsTests {
    @Test("bodies over 1 MB, long URLs and large headers are answered 413, 414 and 431")
    func sizeLimits() async throws {
        try await APIHarness.with { _, client in
            let token = try await Tokens.hs256()
            let big = try await client.createOrder(token: token, body: String(repeating: " ", count: 1_000_001) + orderBody)
            #expect(big.status == .contentTooLarge)
            #expect(big.problem?.status == 413)

            let long = try await client.getOrder(String(repeating: "x", count: 3000), token: token)
            #expect(long.status == .uriTooLong)
            #expect(long.problem?.status == 414)

            let headers: HTTPFields = [
                .authorization: "Bearer \(token)", HTTPField.Name("X-Padding")!: String(repeating: "p", count: 20_000),
            ]
            let large = try await client.execute(uri: "/api/v1/orders/o-1", method: .get, headers: headers)
            #expect(large.status == .requestHeaderFieldsTooLarge)
            #expect(large.problem?.status == 431)
        }
    }

    @Test("a client over its rate gets 429 with Retry-After; other clients are unaffected; outcomes are counted")
    func rateLimit() async throws {
        let settings = APIEdgeSettings(jwtSecret: APIHarness.secret, ratePerSecond: 1, burst: 3)
        try await APIHarness.with(settings) { harness, client in
            let alice = try await Tokens.hs256(Tokens.claims(sub: "alice"))
            for _ in 0..<3 { #expect(try await client.getOrder("o-1", token: alice).status == .notFound) }
            let limited = try await client.getOrder("o-1", token: alice)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(limited.problem?.status == 429)
            let bob = try await Tokens.hs256(Tokens.claims(sub: "bob"))
            #expect(try await client.getOrder("o-1", token: bob).status == .notFound)
            let metrics = harness.metrics.renderPrometheus()
            #expect(metrics.contains(#"orderflow_api_rate_limit_total{service="order-service",outcome="limited"} 1"#), "\(metrics)")
            #expect(metrics.contains(#"orderflow_api_rate_limit_total{service="order-service",outcome="allowed"} 4"#), "\(metrics)")
        }
    }

    @Test("the rate limiter keeps at most its capacity of clients")
    func boundedMemory() {
        let limiter = RateLimiter(ratePerSecond: 1, burst: 1, capacity: 100)
        let start = ContinuousClock.now
        for index in 0..<10_000 {
            _ = limiter.admit("client-\(index)", now: start + .milliseconds(index))
        }
        #expect(limiter.trackedClients <= 100)
        #expect(limiter.admit("client-9999", now: start + .milliseconds(10_000)).allowed == false)
    }

    @Test("errors are problem+json: 400, 404, 422 listing every field, 422 for a reused key, 202 and 200 as JSON")
    func problems() async throws {
        try await APIHarness.with { _, client in
            let token = try await Tokens.hs256()
            let noKey = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: [.authorization: "Bearer \(token)"], body: ByteBuffer(string: orderBody))
            #expect(noKey.status == .badRequest)
            #expect(noKey.headers[.contentType] == "application/problem+json")
            #expect(try await client.createOrder(token: token, body: "{").problem?.status == 400)

            let missing = try await client.getOrder("no-such-order", token: token)
            #expect(missing.status == .notFound)
            #expect(missing.problem?.detail == "no order no-such-order")

            let invalid = try await client.createOrder(token: token, body: #"""
                {"customerId":"","lines":[],"currency":"XXX","paymentToken":"","shippingCountry":"??"}
                """#)
            #expect(invalid.status == .unprocessableContent)
            let fields = Set(invalid.problem?.errors?.map(\.field) ?? [])
            #expect(fields.isSuperset(of: ["customerId", "lines", "currency"]), "\(invalid.text)")

            let key = UUID().uuidString
            let accepted = try await client.createOrder(token: token, key: key)
            #expect(accepted.status == .accepted)
            #expect(accepted.headers[.contentType] == "application/json")
            let replay = try await client.createOrder(token: token, key: key)
            #expect(replay.status == .accepted)
            #expect(replay.json?["orderId"] as? String == accepted.json?["orderId"] as? String)
            let reused = try await client.createOrder(token: token, key: key, body: orderBody.replacingOccurrences(of: "c-1", with: "c-2"))
            #expect(reused.status == .unprocessableContent)
            #expect(reused.problem?.type == "/problems/idempotency-key-reused")
        }
    }
}
