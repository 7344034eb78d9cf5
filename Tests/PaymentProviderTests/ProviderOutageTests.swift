import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HummingbirdTesting
import PaymentProvider
import Testing
import TestSupport

/// The outage fault, seen from a real connection: API requests get no answer, the admin endpoint does.
@Suite("Payment provider outage")
struct ProviderOutageTests {
    @Test func whileDownTheAPIRefusesAndTheAdminEndpointAnswers() async throws {
        let database = try await ScratchDatabase.create(prefix: "provider")
        try await ScratchDatabase.using(database) { database in
            let harness = ProviderHarness(database: database, faults: FaultSwitch())
            try await harness.serve(.live) { _, client in
                let port = try #require(client.port)
                let http = RawHTTP(port: port)
                #expect(try await http.send("PUT", "/admin/faults", body: #"{"latencyMs":0,"jitterMs":0,"errorRate":0,"hangRate":0,"downForMs":60000}"#).status == 200)

                await #expect(throws: (any Error).self) {
                    _ = try await http.send("POST", "/v1/charges", key: "k", body: Self.charge)
                }
                let faults = try await http.send("GET", "/admin/faults")
                #expect(faults.status == 200)
                #expect(try JSONDecoder().decode(FaultSettings.self, from: faults.body).downForMs > 0)

                #expect(try await http.send("DELETE", "/admin/faults").status == 200)
                #expect(try await http.send("POST", "/v1/charges", key: "k", body: Self.charge).status == 201)
            }
        }
    }

    static let charge = #"{"reference":"o-1","customerId":"c-1","amount":100,"currency":"EUR","paymentToken":"tok_visa"}"#
}

/// Requests on fresh connections, so one the provider closed does not spoil the next.
struct RawHTTP: Sendable {
    let port: Int

    func send(_ method: String, _ path: String, key: String? = nil, body: String? = nil) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 5
        if let key { request.setValue(key, forHTTPHeaderField: "Idempotency-Key") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
