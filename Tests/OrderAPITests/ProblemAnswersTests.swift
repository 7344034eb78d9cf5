import Events
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import OrderService
import Testing

/// Every error the API answers is a problem document: also for paths and methods it does not have, and
/// for a client-chosen order id asked for again with something else.
@Suite("order API problem answers", .serialized)
struct ProblemAnswersTests {
    static func expectProblem(
        _ response: TestResponse, _ status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        #expect(response.problem?.status == Int(status.code), "\(response.text)", sourceLocation: sourceLocation)
    }

    @Test("an unknown path under /api/v1 is 404 and a wrong method 405 with Allow, both problem+json")
    func unknownPathsAndMethods() async throws {
        try await APIHarness.with { _, client in
            let token = try await Tokens.hs256()
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            let unknown = try await client.execute(uri: "/api/v1/shipments/1", method: .get, headers: auth)
            Self.expectProblem(unknown, .notFound)
            #expect(unknown.problem?.type == "/problems/no-such-path")
            Self.expectProblem(try await client.execute(uri: "/api/v1", method: .get), .notFound)
            Self.expectProblem(try await client.execute(uri: "/api/v1/orders/a/b", method: .post, headers: auth), .notFound)

            let list = try await client.execute(uri: "/api/v1/orders", method: .get, headers: auth)
            Self.expectProblem(list, .methodNotAllowed)
            #expect(list.headers[.allow] == "POST")
            let delete = try await client.execute(uri: "/api/v1/orders/o-1", method: .delete, headers: auth)
            Self.expectProblem(delete, .methodNotAllowed)
            #expect(delete.headers[.allow] == "GET")
            let put = try await client.execute(uri: "/api/v1/openapi.json", method: .put)
            Self.expectProblem(put, .methodNotAllowed)
            #expect(put.headers[.allow] == "GET")

            // Outside the API the service's other endpoints keep their own answers.
            let outside = try await client.execute(uri: "/no-such-endpoint", method: .get)
            #expect(outside.status == .notFound)
            #expect(outside.headers[.contentType] != "application/problem+json")
        }
    }

    @Test("the same order id under another key: the first answer for the same body, 409 for another")
    func repeatedOrderID() async throws {
        try await APIHarness.with { harness, client in
            let token = try await Tokens.hs256()
            let orderID = UUID().lowercased
            let first = try await client.createOrder(token: token, body: orderBodyNaming(orderID: orderID, customer: "c-1"))
            #expect(first.status == .accepted, "\(first.text)")
            let again = try await client.createOrder(token: token, body: orderBodyNaming(orderID: orderID, customer: "c-1"))
            #expect(again.status == .accepted, "\(again.text)")
            #expect(again.json?["correlationId"] as? String == first.json?["correlationId"] as? String)

            let different = try await client.createOrder(token: token, body: orderBodyNaming(orderID: orderID, customer: "c-2"))
            Self.expectProblem(different, .conflict)
            #expect(different.problem?.type == "/problems/order-exists")
            // The id in upper case is the same order.
            let upper = try await client.createOrder(
                token: token, body: orderBodyNaming(orderID: orderID.uppercased(), customer: "c-3"))
            Self.expectProblem(upper, .conflict)

            // An order placed another way (a request on Kafka) has no body to compare with: any request conflicts.
            let placedElsewhere = UUID().lowercased
            try await harness.insertRejectedOrder(placedElsewhere)
            let late = try await client.createOrder(token: token, body: orderBodyNaming(orderID: placedElsewhere, customer: "c-1"))
            Self.expectProblem(late, .conflict)

            // The same key with another body stays 422, as before.
            let key = UUID().uuidString
            #expect(try await client.createOrder(token: token, key: key).status == .accepted)
            let reused = try await client.createOrder(
                token: token, key: key, body: orderBody.replacingOccurrences(of: "c-1", with: "c-9"))
            Self.expectProblem(reused, .unprocessableContent)
            #expect(reused.problem?.type == "/problems/idempotency-key-reused")
        }
    }
}
