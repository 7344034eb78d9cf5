import AsyncHTTPClient
import Events
import Foundation
import Logging
import NIOCore
import Streaming
import Tracing

/// The payment service's calls to its payment provider over HTTP: each call has a deadline, waits for a
/// place in the bulkhead, and is tried again with backoff and jitter only when the answer may change
/// (a timeout, a 5xx, a refused connection). A decline is an answer, never retried.
///
/// Every call carries an idempotency key made of the order (a charge) or the order and the reason (a
/// refund). Whatever repeats a call (a retry here, a redelivery, a crash before the payment service
/// recorded the answer, a rebalance that hands the order to another replica) sends the same key, and the
/// provider answers it with the first answer instead of charging or refunding again.
struct PaymentProviderClient: Sendable {
    static let dependency = "payment-provider"

    let settings: ProviderSettings
    let http: HTTPClient
    let bulkhead: Bulkhead
    let breaker: CircuitBreaker
    let metrics: DependencyMetrics

    init(settings: ProviderSettings, http: HTTPClient, metrics: DependencyMetrics, logLabel: String) {
        self.settings = settings
        self.http = http
        self.metrics = metrics
        self.bulkhead = Bulkhead(
            name: Self.dependency, maxConcurrentCalls: settings.maxConcurrentCalls, maxWait: settings.bulkheadWait)
        self.breaker = CircuitBreaker(name: Self.dependency, configuration: settings.breaker, metrics: metrics, logLabel: logLabel)
    }

    /// An HTTP client with one connection per place in the bulkhead, kept for the process's lifetime.
    static func makeHTTPClient(_ settings: ProviderSettings) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: settings.maxConcurrentCalls)
        configuration.timeout = .init(connect: .milliseconds(Int64(settings.callTimeout.wholeMillisecondsValue)))
        // Its calls are traced by `send`, under the event's span, whether or not tracing was on when the
        // client was made.
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    static func chargeKey(orderID: UUID) -> String { "charge:\(orderID.lowercased)" }

    static func refundKey(orderID: UUID, reason: RefundReason) -> String { "refund:\(orderID.lowercased):\(reason.rawValue)" }

    func charge(_ order: OrderPlaced, log: Logger) async throws -> ChargeOutcome {
        try await ProviderCallFailure.asHandlerError { try await charging(order, log: log) }
    }

    func refund(orderID: UUID, reason: RefundReason, log: Logger) async throws -> RefundOutcome {
        try await ProviderCallFailure.asHandlerError { try await refunding(orderID: orderID, reason: reason, log: log) }
    }

    private func charging(_ order: OrderPlaced, log: Logger) async throws -> ChargeOutcome {
        let body = ProviderChargeRequest(
            reference: order.orderId.lowercased, customerId: order.customerId, amount: order.totalAmount,
            currency: order.currency, paymentToken: order.paymentToken)
        let answer = try await call("/v1/charges", key: Self.chargeKey(orderID: order.orderId), body: body, log: log)
        switch answer.status {
        case 200, 201, 402:
            let charge = try answer.decode(ProviderCharge.self)
            if charge.status == "declined" {
                return .declined(chargeID: charge.id, reason: charge.declineReason ?? "card_declined")
            }
            return .authorized(chargeID: charge.id)
        default:
            throw ProviderCallFailure.unexpected(status: answer.status, detail: answer.text)
        }
    }

    private func refunding(orderID: UUID, reason: RefundReason, log: Logger) async throws -> RefundOutcome {
        let body = ProviderRefundRequest(reference: orderID.lowercased, reason: reason.rawValue)
        let answer = try await call("/v1/refunds", key: Self.refundKey(orderID: orderID, reason: reason), body: body, log: log)
        switch answer.status {
        case 200, 201: return .refunded(refundID: try answer.decode(ProviderRefund.self).id)
        case 404 where (try? answer.decode(ProviderProblemBody.self))?.error == "no_charge": return .nothingToRefund
        case 409 where (try? answer.decode(ProviderProblemBody.self))?.error == "already_refunded": return .alreadyRefunded
        default: throw ProviderCallFailure.unexpected(status: answer.status, detail: answer.text)
        }
    }

    /// One call, tried up to `attempts` times while the failure is retryable. Each try takes a place in
    /// the bulkhead, then asks the circuit breaker under the call's idempotency key (so the tries of one
    /// order count once there); a refusal by either ends the call at once with `DependencyUnavailable`,
    /// which puts the message back without spending its attempts.
    private func call(_ path: String, key: String, body: some Encodable, log: Logger) async throws -> ProviderHTTPAnswer {
        let payload = try JSONEncoder().encode(body)
        var attempt = 1
        while true {
            do {
                return try await bulkhead.run {
                    try await breaker.run(request: key, { try await send(path, key: key, payload: payload) }, classify: Self.verdict)
                }
            } catch let refused as CallNotPermitted {
                throw DependencyUnavailable(dependency: Self.dependency, reason: refused.description)
            } catch let failure as ProviderCallFailure where failure.isRetryable && attempt < settings.attempts {
                log.info("provider call failed; trying again", metadata: [
                    "error": "\(failure)", "attempt": "\(attempt)", "idempotency_key": "\(key)",
                ])
                try await Task.sleep(for: settings.retry.delay(forAttempt: attempt))
                attempt += 1
            } catch let full as BulkheadFull {
                metrics.bulkheadRejected()
                throw DependencyUnavailable(dependency: Self.dependency, reason: full.description)
            }
        }
    }

    /// What the breaker counts as a failure: no usable answer (a timeout, a 5xx, a refused connection).
    /// Any answer, a decline or a 4xx included, shows the provider is there.
    static func verdict(_ result: Result<ProviderHTTPAnswer, any Error>) -> CallResult {
        guard case .failure(let error) = result, let failure = error as? ProviderCallFailure, failure.isRetryable else { return .success }
        return .failure
    }

    /// One try, in a client span under the event's span when tracing is on; the span's context goes
    /// to the provider as `traceparent`.
    private func send(_ path: String, key: String, payload: Data) async throws -> ProviderHTTPAnswer {
        var request = HTTPClientRequest(url: settings.url + path)
        request.method = .POST
        request.headers.add(name: "Idempotency-Key", value: key)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: payload))
        guard ProcessTracing.isOn else { return try await exchange(request) }
        let span = InstrumentationSystem.tracer.startSpan("POST \(path)", context: ServiceContext.current ?? .topLevel, ofKind: .client)
        defer { span.end() }
        span.attributes["http.request.method"] = "POST"
        span.attributes["url.full"] = SpanAttribute.string(settings.url + path)
        span.attributes["orderflow.idempotency_key"] = SpanAttribute.string(key)
        if let traceparent = TraceParent.of(span.context) { request.headers.add(name: TraceParent.key, value: traceparent) }
        do {
            let answer = try await exchange(request)
            span.attributes["http.response.status_code"] = SpanAttribute.int64(Int64(answer.status))
            return answer
        } catch {
            if case ProviderCallFailure.serverError(let status) = error {
                span.attributes["http.response.status_code"] = SpanAttribute.int64(Int64(status))
            }
            span.fail(with: error)
            throw error
        }
    }

    private func exchange(_ request: HTTPClientRequest) async throws -> ProviderHTTPAnswer {
        let deadline = NIODeadline.now() + .milliseconds(Int64(settings.callTimeout.wholeMillisecondsValue))
        let answer: ProviderHTTPAnswer
        do {
            let response = try await http.execute(request, deadline: deadline)
            let bytes = try await response.body.collect(upTo: 1 << 20)
            answer = ProviderHTTPAnswer(status: Int(response.status.code), body: Data(bytes.readableBytesView))
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            throw ProviderCallFailure.timedOut
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ProviderCallFailure.unreachable("\(error)")
        }
        if answer.status >= 500 { throw ProviderCallFailure.serverError(status: answer.status) }
        return answer
    }
}

/// A status and a body, before the client reads them.
struct ProviderHTTPAnswer: Sendable {
    var status: Int
    var body: Data

    var text: String { String(decoding: body.prefix(300), as: UTF8.self) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw ProviderCallFailure.unexpected(status: status, detail: "unreadable body: \(text)")
        }
    }
}

extension Duration {
    var wholeMillisecondsValue: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
