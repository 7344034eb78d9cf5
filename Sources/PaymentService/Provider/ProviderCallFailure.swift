import Streaming

/// A call to the provider that came to no answer the payment service can act on.
enum ProviderCallFailure: Error, Sendable, CustomStringConvertible, Equatable {
    /// No answer within the call's deadline.
    case timedOut
    /// The connection was refused or dropped before an answer.
    case unreachable(String)
    /// A 5xx answer.
    case serverError(status: Int)
    /// An answer this client does not expect (a 4xx other than the contract's, a body it cannot read).
    case unexpected(status: Int, detail: String)

    /// Whether trying again may help: a timeout, a 5xx or a refused connection; never a decline or a 4xx.
    var isRetryable: Bool {
        switch self {
        case .timedOut, .unreachable, .serverError: true
        case .unexpected: false
        }
    }

    var errorClass: String {
        switch self {
        case .timedOut: "provider_timeout"
        case .unreachable: "provider_unreachable"
        case .serverError: "provider_server_error"
        case .unexpected: "provider_unexpected_answer"
        }
    }

    var description: String {
        switch self {
        case .timedOut: "the payment provider did not answer in time"
        case .unreachable(let reason): "the payment provider could not be reached: \(reason)"
        case .serverError(let status): "the payment provider answered \(status)"
        case .unexpected(let status, let detail): "the payment provider answered \(status): \(detail)"
        }
    }
}

extension ProviderCallFailure {
    /// Runs a call, turning what is left of its failure into the consume loop's terms: retryable ones
    /// (after the client's own tries) are retried with the message's backoff, others dead-letter it.
    static func asHandlerError<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as ProviderCallFailure {
            throw failure.isRetryable
                ? HandlerError.retryable(failure.description, errorClass: failure.errorClass)
                : HandlerError.permanent(failure.description, errorClass: failure.errorClass)
        }
    }
}
