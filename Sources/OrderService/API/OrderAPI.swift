import Events
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Postgres
import Streaming
import Tracing

/// The versioned HTTP API: accepts orders (validated like Kafka requests, idempotent by the client's
/// `Idempotency-Key`) by writing `order.requested` to the outbox, and reports an order's state. Every
/// route is behind `APIEdgeMiddleware`; each checks the scope it needs.
struct OrderAPI: Sendable {
    let pool: ConnectionPool
    let outbox: OutboxWriter
    let placedVersion: Int
    let logger: Logger

    func add(to router: Router<ServiceRequestContext>, edge: APIEdgeMiddleware) {
        // Router-wide, so it also sees the requests no route takes; it leaves paths outside the API alone.
        router.add(middleware: APIFallbackMiddleware())
        // The contract is public, like health and metrics: clients read it before they hold a token.
        router.get("api/v1/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        // The server span comes first, so refused requests are traced too; its context (or the caller's,
        // from a `traceparent` header) is what the accepted order's events carry.
        let api = router.group("api/v1").add(middleware: TracingMiddleware()).add(middleware: edge)
        api.post("orders") { request, _ in
            let principal = try APIPrincipal.require(.write)
            return try await self.create(request, by: principal)
        }
        api.get("orders/:id") { _, context in
            _ = try APIPrincipal.require(.read)
            return try await self.show(context.parameters.get("id") ?? "")
        }
    }

    func create(_ request: Request, by principal: APIPrincipal) async throws -> Response {
        guard let key = request.headers[idempotencyKeyField], !key.isEmpty, key.count <= 200 else {
            return Problem.badRequest("the Idempotency-Key header is required (1-200 characters)").response()
        }
        let bytes = try await RequestLimits.body(of: request)
        let data = Data(buffer: bytes)
        let body: OrderRequestBody
        do {
            body = try JSONDecoder().decode(OrderRequestBody.self, from: data)
        } catch {
            return Problem.badRequest("the body is not a valid order: \(DecodingProblem.describe(error))").response()
        }
        let orderID = body.orderId ?? UUID().lowercased
        let command = body.request(orderID: orderID)
        if case .rejected(let errors) = OrderValidation.validate(command, placedVersion: placedVersion) {
            return Problem.invalid(errors).response()
        }
        let fingerprint = RequestFingerprint.of(data)
        return try await pool.withConnection { connection in
            try await connection.transaction { transaction in
                if body.orderId != nil, let answer = try await sameOrder(orderID, key: key, fingerprint: fingerprint, transaction) {
                    return answer
                }
                let correlationID = UUID().lowercased
                let claimed = try await APIRequestStore(transaction: transaction)
                    .claim(
                        key: key, fingerprint: fingerprint, orderID: orderID, correlationID: correlationID,
                        requestedBy: principal.subject)
                if !claimed {
                    return try await replay(key: key, fingerprint: fingerprint, transaction)
                }
                // The caller's `sub` travels in the envelope, and from there into every event the order causes.
                let event = try OutgoingEvent(
                    command, source: "order-api", subject: orderID, correlationID: correlationID,
                    traceparent: ServiceContext.current.flatMap { TraceParent.of($0) },
                    requestedBy: principal.subject, topic: TopicCatalog.orderRequests)
                try await outbox.write([event], in: transaction)
                logger.info("order accepted", metadata: [
                    "order_id": "\(orderID)", "correlation_id": "\(correlationID)", "requested_by": "\(principal.subject ?? "-")",
                ])
                return .json(.accepted, AcceptedOrder(orderId: orderID, correlationId: correlationID))
            }
        }
    }

    /// A client-chosen order id that is already taken, under another key: the recorded answer if it is the
    /// same request sent again with a new key, 409 if it asks for something else. nil when the id is free.
    private func sameOrder(
        _ orderID: String, key: String, fingerprint: String, _ transaction: PostgresTransaction
    ) async throws -> Response? {
        let canonical = OrderIdentifier.canonical(orderID)
        let store = APIRequestStore(transaction: transaction)
        try await store.lockOrder(canonical)
        if let earlier = try await store.claimedByAnotherKey(orderID: canonical, key: key) {
            guard earlier.fingerprint == fingerprint else {
                return Problem(
                    .conflict, type: "order-exists",
                    detail: "order \(orderID) was already requested with a different body"
                ).response()
            }
            return .json(.accepted, AcceptedOrder(orderId: earlier.orderID, correlationId: earlier.correlationID))
        }
        // Placed another way (a request on Kafka): nothing to compare with, so any new request conflicts.
        if try await OrderStore(transaction: transaction).exists(canonical),
           try await store.recorded(key: key) == nil {
            return Problem(.conflict, type: "order-exists", detail: "order \(orderID) already exists").response()
        }
        return nil
    }

    /// The same key again: the same answer if it is the same request, a conflict if not.
    private func replay(key: String, fingerprint: String, _ transaction: PostgresTransaction) async throws -> Response {
        guard let recorded = try await APIRequestStore(transaction: transaction).recorded(key: key) else {
            return Problem(.conflict, type: "in-progress", detail: "a request with this Idempotency-Key is in progress; retry")
                .response()
        }
        guard recorded.fingerprint == fingerprint else {
            return Problem(
                .unprocessableContent, type: "idempotency-key-reused",
                detail: "the Idempotency-Key was already used for a different request"
            ).response()
        }
        return .json(.accepted, AcceptedOrder(orderId: recorded.orderID, correlationId: recorded.correlationID))
    }

    func show(_ orderID: String) async throws -> Response {
        let view = try await pool.withConnection { connection in
            try await OrderReads(connection).view(of: orderID)
        }
        guard let view else { return Problem.notFound("no order \(orderID)").response() }
        return .json(.ok, view)
    }
}

/// Tells a retried request from a different one under the same key. FNV-1a over the body: stable
/// across processes, and a collision needs the same key reused by the same client anyway.
private let idempotencyKeyField = HTTPField.Name("Idempotency-Key")!

enum RequestFingerprint {
    static func of(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16) + "-" + String(data.count)
    }
}

enum DecodingProblem {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .dataCorrupted(let context):
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}

extension Response {
    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
