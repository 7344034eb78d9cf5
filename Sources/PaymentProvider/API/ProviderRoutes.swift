import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The provider's HTTP API: charges and refunds (idempotent by `Idempotency-Key`), the charges it holds,
/// the admin endpoint that switches faults, and health.
struct ProviderRoutes: Sendable {
    static let adminPrefix = "/admin"
    static let maxBodyBytes = 64 * 1024

    let ledger: ProviderLedger
    let faults: FaultSwitch
    let metrics: ProviderMetrics
    let logger: Logger

    func add(to router: Router<BasicRequestContext>) {
        router.get("healthz") { _, _ in "ok" }
        router.get("readyz") { _, _ in
            try await ledger.ping()
            return "ready"
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text)))
        }
        // The books, for tools and checks: read past the faults, which are the API's, not the ledger's.
        router.get("v1/charges") { request, _ in
            let charges = try await ledger.charges(reference: request.uri.queryParameters.get("reference"))
            return Response.json(.ok, ProviderLedger.canonical(ChargeList(charges: charges)))
        }
        let api = router.group("v1").add(middleware: FaultMiddleware<BasicRequestContext>(faults: faults, metrics: metrics))
        api.post("charges") { request, _ in
            try await self.idempotent(request, ChargeRequest.self, operation: "charge") { key, charge in
                guard charge.amount >= 0, !charge.reference.isEmpty, !charge.customerId.isEmpty else {
                    return nil
                }
                return try await ledger.charge(key: key, charge)
            }
        }
        api.post("refunds") { request, _ in
            try await self.idempotent(request, RefundRequest.self, operation: "refund") { key, refund in
                guard !refund.reference.isEmpty, !refund.reason.isEmpty else { return nil }
                return try await ledger.refund(key: key, refund)
            }
        }
        let admin = router.group("admin")
        admin.get("faults") { _, _ in Response.json(.ok, ProviderLedger.canonical(faults.current)) }
        admin.put("faults") { request, _ in
            let body = try await request.body.collect(upTo: Self.maxBodyBytes)
            guard let settings = try? JSONDecoder().decode(FaultSettings.self, from: Data(buffer: body)) else {
                return Response.problem(.badRequest, ProviderProblem(error: "invalid_request", detail: "the body is not fault settings"))
            }
            guard settings.problems.isEmpty else {
                return Response.problem(.badRequest, ProviderProblem(error: "invalid_request", detail: settings.problems.joined(separator: "; ")))
            }
            faults.apply(settings)
            logger.warning("faults switched", metadata: ["faults": "\(ProviderLedger.canonical(settings))"])
            return Response.json(.ok, ProviderLedger.canonical(faults.current))
        }
        admin.delete("faults") { _, _ in
            faults.reset()
            logger.notice("faults reset: healthy again")
            return Response.json(.ok, ProviderLedger.canonical(faults.current))
        }
    }

    /// The key, the body decoded, the ledger's outcome as an HTTP answer. `carry` returns nil for a body
    /// that decodes but makes no sense.
    private func idempotent<Body: Decodable & Sendable>(
        _ request: Request, _ type: Body.Type, operation: String,
        carry: @Sendable (String, Body) async throws -> ProviderLedger.Outcome?
    ) async throws -> Response {
        let response = try await answer(request, type, carry: carry)
        metrics.answered(operation, status: Int(response.status.code))
        return response
    }

    private func answer<Body: Decodable & Sendable>(
        _ request: Request, _ type: Body.Type, carry: @Sendable (String, Body) async throws -> ProviderLedger.Outcome?
    ) async throws -> Response {
        guard let key = request.headers[HTTPField.Name(ProviderHeaders.idempotencyKey)!], !key.isEmpty, key.count <= 255 else {
            return .problem(.badRequest, ProviderProblem(
                error: "invalid_request", detail: "the \(ProviderHeaders.idempotencyKey) header is required (1-255 characters)"))
        }
        let bytes = try await request.body.collect(upTo: Self.maxBodyBytes)
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(buffer: bytes)),
              let outcome = try await carry(key, body)
        else {
            return .problem(.badRequest, ProviderProblem(error: "invalid_request", detail: "the body is not a valid \(Body.self)"))
        }
        switch outcome {
        case .keyReused:
            return .problem(.unprocessableContent, ProviderProblem(
                error: "idempotency_key_reused", detail: "this \(ProviderHeaders.idempotencyKey) was used for a different request"))
        case .answer(let answer):
            var response = Response.json(HTTPResponse.Status(code: answer.status), answer.body)
            if answer.replayed { response.headers[HTTPField.Name(ProviderHeaders.replayed)!] = "true" }
            return response
        }
    }
}

extension Response {
    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func problem(_ status: HTTPResponse.Status, _ problem: ProviderProblem) -> Response {
        .json(status, ProviderLedger.canonical(problem))
    }
}
