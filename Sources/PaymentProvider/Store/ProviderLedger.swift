import Foundation
import Postgres
import Streaming

/// One answer of the API, as recorded under its idempotency key and repeated for the same request.
struct ProviderAnswer: Sendable, Equatable {
    var status: Int
    var body: String
    /// True when repeated from the record rather than made now.
    var replayed = false
}

/// Charges and refunds, each carried out once per idempotency key: the key's claim, the decision, the
/// charge or refund and the recorded answer commit together, so a request that crashes halfway leaves
/// nothing behind and the next one with the same key starts afresh.
struct ProviderLedger: Sendable {
    let pool: ConnectionPool

    enum Outcome: Sendable, Equatable {
        case answer(ProviderAnswer)
        /// The key was used before with another request: 422, nothing done.
        case keyReused
    }

    func charge(key: String, _ request: ChargeRequest) async throws -> Outcome {
        try await once(key: key, operation: "charge", request: Self.canonical(request)) { store in
            let outstanding = try await store.lockCredit(of: request.customerId)
            var charge = ChargeView(
                id: UUID(), reference: request.reference, customerId: request.customerId, amount: request.amount,
                currency: request.currency, status: .authorized)
            switch ChargeRules.decide(token: request.paymentToken, amount: request.amount, outstanding: outstanding) {
            case .authorize:
                try await store.changeCredit(of: request.customerId, by: request.amount)
            case .decline(let reason):
                charge.status = .declined
                charge.declineReason = reason
            }
            try await store.insert(charge)
            // 201 for a charge made, 402 (the card network said no) for a decline: both are final.
            return ProviderAnswer(status: charge.status == .authorized ? 201 : 402, body: Self.canonical(charge))
        }
    }

    func refund(key: String, _ request: RefundRequest) async throws -> Outcome {
        try await once(key: key, operation: "refund", request: Self.canonical(request)) { store in
            guard let charge = try await store.lockSuccessfulCharge(reference: request.reference) else {
                return ProviderAnswer(status: 404, body: Self.canonical(ProviderProblem(
                    error: "no_charge", detail: "no authorized charge has the reference \(request.reference)")))
            }
            guard charge.status == .authorized else {
                return ProviderAnswer(status: 409, body: Self.canonical(ProviderProblem(
                    error: "already_refunded", detail: "the charge of \(request.reference) was refunded before")))
            }
            let refund = RefundView(
                id: UUID(), chargeId: charge.id, reference: charge.reference, amount: charge.amount,
                currency: charge.currency, reason: request.reason)
            try await store.refund(charge, refundID: refund.id, reason: request.reason)
            return ProviderAnswer(status: 201, body: Self.canonical(refund))
        }
    }

    func charges(reference: String?) async throws -> [ChargeView] {
        try await pool.withConnection { connection in try await ProviderReads(connection: connection).charges(reference: reference) }
    }

    /// Whether the database answers.
    func ping() async throws {
        try await pool.withConnection { connection in _ = try await connection.query("SELECT 1") }
    }

    private func once(
        key: String, operation: String, request: String, _ body: @Sendable (ProviderStore) async throws -> ProviderAnswer
    ) async throws -> Outcome {
        try await pool.withConnection { connection in
            try await connection.transaction { transaction in
                let store = ProviderStore(transaction: transaction)
                switch try await store.claim(key: key, operation: operation, request: request) {
                case .reused:
                    return .keyReused
                case .answered(let answer):
                    return .answer(answer)
                case .new:
                    let answer = try await body(store)
                    try await store.record(key: key, answer)
                    return .answer(answer)
                }
            }
        }
    }

    /// Sorted keys: the same request always reads the same, whatever order its client wrote the fields in.
    static func canonical(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
