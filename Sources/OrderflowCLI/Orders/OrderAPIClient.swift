import Events
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends one order to `POST /api/v1/orders` and sorts the answer into what the sender does next.
struct OrderAPIClient: Sendable {
    /// The base URL as given, without a trailing slash (for messages).
    let base: String
    let endpoint: URL
    let token: String?
    let timeout: Duration

    enum Answer: Sendable, Equatable {
        /// 202: the order is in the order service's outbox.
        case accepted(correlationID: String)
        /// 422: the order is invalid (the API's problem detail).
        case rejected(String)
        /// 429: over the client's rate limit; try again after this many seconds.
        case retryAfter(seconds: Int)
        /// 401/403: the token is not good enough for any order; the run stops.
        case refused(status: Int, detail: String)
        /// No answer, or a 5xx: worth trying again.
        case unavailable(String)
        /// Any other answer: this order failed.
        case failed(status: Int, detail: String)
    }

    init(apiURL: String, token: String?, timeout: Duration) throws(CLIError) {
        let base = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        guard let url = URL(string: "\(base)/api/v1/orders"), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw CLIError("--api \(apiURL) is not an http(s) URL")
        }
        self.base = base
        self.endpoint = url
        self.token = token
        self.timeout = timeout
    }

    /// The body the API takes: an order request with the order id chosen here, so the outcome can be
    /// matched to the generated order.
    static func body(for request: OrderRequested) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(request)) ?? Data()
    }

    func create(_ body: Data, idempotencyKey: String) async -> Answer {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.httpBody = body
        request.timeoutInterval = max(1, Double(timeout.components.seconds))
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let data: Data
        let response: HTTPURLResponse
        do {
            let (received, answer) = try await URLSession.shared.data(for: request)
            guard let http = answer as? HTTPURLResponse else { return .unavailable("no HTTP answer") }
            (data, response) = (received, http)
        } catch {
            return .unavailable("no answer (\(error.localizedDescription))")
        }
        return Self.classify(status: response.statusCode, headers: response, body: data)
    }

    static func classify(status: Int, headers: HTTPURLResponse, body: Data) -> Answer {
        switch status {
        case 202, 200:
            guard let accepted = try? JSONDecoder().decode(Accepted.self, from: body) else {
                return .failed(status: status, detail: "an answer without a correlationId: \(snippet(body))")
            }
            return .accepted(correlationID: accepted.correlationId)
        case 422:
            return .rejected(problemText(body))
        case 429:
            let seconds = (headers.value(forHTTPHeaderField: "Retry-After")).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return .retryAfter(seconds: max(1, seconds ?? 1))
        case 401, 403:
            // The challenge says why in its own words; the problem body says the same for clients that read bodies.
            let challenge = headers.value(forHTTPHeaderField: "WWW-Authenticate").flatMap(errorDescription(in:))
            return .refused(status: status, detail: challenge ?? problemText(body))
        case 500...599:
            return .unavailable("HTTP \(status): \(problemText(body))")
        default:
            return .failed(status: status, detail: problemText(body))
        }
    }

    private struct Accepted: Decodable {
        var correlationId: String
    }

    private struct ProblemBody: Decodable {
        struct FieldError: Decodable {
            var field: String
            var message: String
        }
        var detail: String?
        var title: String?
        var errors: [FieldError]?
    }

    /// The problem's detail and field errors in one line, or the start of a body that is not a problem.
    static func problemText(_ body: Data) -> String {
        guard let problem = try? JSONDecoder().decode(ProblemBody.self, from: body),
              let detail = problem.detail ?? problem.title
        else { return snippet(body) }
        let fields = (problem.errors ?? []).map { "\($0.field): \($0.message)" }
        return fields.isEmpty ? detail : "\(detail) (\(fields.joined(separator: "; ")))"
    }

    /// `error_description="…"` of a Bearer challenge.
    static func errorDescription(in challenge: String) -> String? {
        guard let start = challenge.range(of: "error_description=\"") else {
            return challenge.contains("insufficient_scope") ? "the token lacks the orders:write scope" : nil
        }
        var text = ""
        var escaped = false
        for character in challenge[start.upperBound...] {
            if escaped {
                text.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                break
            } else {
                text.append(character)
            }
        }
        return text
    }

    private static func snippet(_ body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(empty body)" : text
    }
}
