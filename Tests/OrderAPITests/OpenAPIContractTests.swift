import Events
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import OrderService
import Testing

/// The OpenAPI document checked both ways with real validators (scripts/openapi_check.py): it is a
/// valid OpenAPI 3.1 document, and every response the tests provoke conforms to it.
@Suite("order API OpenAPI contract", .serialized)
struct OpenAPIContractTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let document = root.appendingPathComponent("docs/openapi.json")
    static let checker = root.appendingPathComponent("scripts/openapi_check.py")

    @Test("the served document is docs/openapi.json, and a valid OpenAPI document")
    func documentIsValid() async throws {
        try await APIHarness.with { _, client in
            let served = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(served.status == .ok)
            #expect(served.text == (try String(contentsOf: Self.document, encoding: .utf8)).trimmingCharacters(in: .newlines))
        }
        let outcome = try await Self.python(["spec", Self.document.path])
        #expect(outcome.exitCode == 0, "\(outcome.output)")
    }

    @Test("every response the API gives conforms to the document")
    func responsesConform() async throws {
        let settings = APIEdgeSettings(jwtSecret: APIHarness.secret, ratePerSecond: 1, burst: 20)
        let recorded = try await APIHarness.with(settings) { harness, client in
            var exchanges: [Exchange] = []
            func record(_ method: String, _ path: String, _ response: TestResponse, undocumented: Bool? = nil) {
                var headers: [String: String] = [:]
                for field in response.headers { headers[field.name.rawName] = field.value }
                exchanges.append(Exchange(
                    method: method, path: path, status: Int(response.status.code), headers: headers, body: response.text,
                    undocumented: undocumented))
            }
            let token = try await Tokens.hs256()
            let key = UUID().uuidString
            let accepted = try await client.createOrder(token: token, key: key)
            #expect(accepted.status == .accepted)
            record("POST", "/api/v1/orders", accepted)
            record("POST", "/api/v1/orders", try await client.createOrder(token: token, body: "{"))
            record("POST", "/api/v1/orders", try await client.createOrder(token: nil))
            record("POST", "/api/v1/orders", try await client.createOrder(token: try await Tokens.hs256(Tokens.claims(scopes: ["orders:read"]))))
            record("POST", "/api/v1/orders", try await client.createOrder(token: token, body: #"{"customerId":"","lines":[],"currency":"X","paymentToken":"","shippingCountry":""}"#))
            record("POST", "/api/v1/orders", try await client.createOrder(token: token, key: key, body: orderBody.replacingOccurrences(of: "c-1", with: "c-2")))
            record("POST", "/api/v1/orders", try await client.createOrder(token: token, body: String(repeating: " ", count: 1_000_001)))
            // The same client-chosen order id under a new key with another body.
            let orderID = UUID().lowercased
            let first = try await client.createOrder(token: token, body: orderBodyNaming(orderID: orderID, customer: "c-1"))
            #expect(first.status == .accepted, "\(first.text)")
            let taken = try await client.createOrder(token: token, body: orderBodyNaming(orderID: orderID, customer: "c-2"))
            #expect(taken.status == .conflict, "\(taken.text)")
            record("POST", "/api/v1/orders", taken)
            // Paths and methods the document does not have: still problem documents.
            record("GET", "/api/v1/no-such-thing", try await client.execute(uri: "/api/v1/no-such-thing", method: .get), undocumented: true)
            record("GET", "/api/v1/orders", try await client.execute(
                uri: "/api/v1/orders", method: .get, headers: [.authorization: "Bearer \(token)"]), undocumented: true)

            try await harness.insertRejectedOrder("order-for-contract")
            let found = try await client.getOrder("order-for-contract", token: token)
            #expect(found.status == .ok, "\(found.text)")
            record("GET", "/api/v1/orders/order-for-contract", found)
            record("GET", "/api/v1/orders/none", try await client.getOrder("none", token: token))
            let long = String(repeating: "x", count: 3000)
            record("GET", "/api/v1/orders/\(long)", try await client.getOrder(long, token: token))
            record("GET", "/api/v1/orders/none", try await client.execute(
                uri: "/api/v1/orders/none", method: .get,
                headers: [.authorization: "Bearer \(token)", HTTPField.Name("X-Padding")!: String(repeating: "p", count: 20_000)]))
            var limited: TestResponse?
            for _ in 0..<30 where limited == nil {
                let response = try await client.getOrder("none", token: token)
                if response.status == .tooManyRequests { limited = response }
            }
            record("GET", "/api/v1/orders/none", try #require(limited))
            return exchanges
        }
        let statuses = Set(recorded.map(\.status))
        #expect(statuses == [202, 200, 400, 401, 403, 404, 405, 409, 413, 414, 422, 429, 431])

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("order-api-exchanges-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONEncoder().encode(recorded).write(to: file)
        let outcome = try await Self.python(["responses", Self.document.path, file.path])
        #expect(outcome.exitCode == 0, "\(outcome.output)")
    }

    /// One request and its response, as scripts/openapi_check.py reads them.
    struct Exchange: Codable, Sendable {
        var method: String
        var path: String
        var status: Int
        var headers: [String: String]
        var body: String
        /// A request the document has no operation for: its answer is checked against the Problem schema.
        var undocumented: Bool?
    }

    static func python(_ arguments: [String]) async throws -> (exitCode: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    process.arguments = ["python3", checker.path] + arguments
                    let pipe = Pipe()
                    process.standardOutput = pipe
                    process.standardError = pipe
                    try process.run()
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
                })
            }
        }
    }
}
