import Foundation
import Postgres

/// All SQL of the provider's database, in one place.
struct ProviderStore: Sendable {
    let transaction: PostgresTransaction

    enum Claim: Sendable, Equatable {
        /// First time this key is seen: the request is carried out and its answer recorded.
        case new
        /// Answered before, for the same request.
        case answered(ProviderAnswer)
        /// The key was used before for a different request.
        case reused
    }

    /// Claims an idempotency key for a request. A concurrent request with the same key waits on the key's
    /// row until the first one commits, then reads its answer: one answer per key, whatever the timing.
    func claim(key: String, operation: String, request: String) async throws -> Claim {
        let inserted = try await transaction.execute(
            "INSERT INTO provider_idempotency (idempotency_key, operation, request) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            [.text(key), .text(operation), .text(request)])
        if inserted == 1 { return .new }
        guard let row = try await transaction.query(
            "SELECT operation, request, status_code, response FROM provider_idempotency WHERE idempotency_key = $1",
            [.text(key)]
        ).first else { return .new }
        guard try row["operation"].string() == operation, try row["request"].string() == request,
              let status = try row["status_code"].optional({ try $0.int() }),
              let body = try row["response"].optional({ try $0.string() })
        else { return .reused }
        return .answered(ProviderAnswer(status: status, body: body, replayed: true))
    }

    func record(key: String, _ answer: ProviderAnswer) async throws {
        try await transaction.enqueue(
            "UPDATE provider_idempotency SET status_code = $2, response = $3 WHERE idempotency_key = $1",
            [.text(key), .int(answer.status), .text(answer.body)])
    }

    /// The customer's outstanding credit, locked: the row serializes one customer's concurrent charges.
    func lockCredit(of customerID: String) async throws -> Int64 {
        try await transaction.execute(
            "INSERT INTO provider_credit (customer_id) VALUES ($1) ON CONFLICT DO NOTHING", [.text(customerID)])
        return try await transaction.query(
            "SELECT outstanding FROM provider_credit WHERE customer_id = $1 FOR UPDATE", [.text(customerID)]
        ).first?["outstanding"].int64() ?? 0
    }

    func changeCredit(of customerID: String, by amount: Int64) async throws {
        try await transaction.enqueue(
            "UPDATE provider_credit SET outstanding = outstanding + $2 WHERE customer_id = $1",
            [.text(customerID), .int64(amount)])
    }

    func insert(_ charge: ChargeView) async throws {
        try await transaction.enqueue("""
            INSERT INTO provider_charges (charge_id, reference, customer_id, amount, currency, status, decline_reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, [
                .uuid(charge.id), .text(charge.reference), .text(charge.customerId), .int64(charge.amount),
                .text(charge.currency), .text(charge.status.rawValue),
                charge.declineReason.map { PostgresValue.text($0.rawValue) } ?? PostgresValue.null,
            ])
    }

    /// The reference's charge that went through (authorized, or refunded since), locked.
    func lockSuccessfulCharge(reference: String) async throws -> ChargeView? {
        try await transaction.query("""
            SELECT charge_id, reference, customer_id, amount, currency, status, decline_reason, NULL::uuid AS refund_id,
                   NULL::text AS refund_reason
            FROM provider_charges WHERE reference = $1 AND status IN ('authorized','refunded')
            ORDER BY created_at LIMIT 1 FOR UPDATE
            """, [.text(reference)]
        ).first.map(ChargeView.init(row:))
    }

    func refund(_ charge: ChargeView, refundID: UUID, reason: String) async throws {
        try await transaction.enqueue(
            "INSERT INTO provider_refunds (refund_id, charge_id, reason) VALUES ($1, $2, $3)",
            [.uuid(refundID), .uuid(charge.id), .text(reason)])
        try await transaction.enqueue(
            "UPDATE provider_charges SET status = 'refunded' WHERE charge_id = $1", [.uuid(charge.id)])
        try await changeCredit(of: charge.customerId, by: -charge.amount)
    }
}

/// Reads outside any request's transaction.
struct ProviderReads: Sendable {
    let connection: PostgresConnection

    /// Every charge with its refund, oldest first; only the reference's when one is given.
    func charges(reference: String? = nil) async throws -> [ChargeView] {
        let parameters: [PostgresValue] = reference.map { [.text($0)] } ?? []
        let filter = reference == nil ? "" : "WHERE c.reference = $1"
        return try await connection.query("""
            SELECT c.charge_id, c.reference, c.customer_id, c.amount, c.currency, c.status, c.decline_reason,
                   r.refund_id, r.reason AS refund_reason
            FROM provider_charges c LEFT JOIN provider_refunds r USING (charge_id)
            \(filter)
            ORDER BY c.created_at, c.charge_id
            """, parameters
        ).map(ChargeView.init(row:))
    }
}

extension ChargeView {
    init(row: PostgresRow) throws {
        self.init(
            id: try row["charge_id"].uuid(), reference: try row["reference"].string(),
            customerId: try row["customer_id"].string(), amount: try row["amount"].int64(),
            currency: try row["currency"].string(),
            status: Status(rawValue: try row["status"].string()) ?? .declined,
            declineReason: try row["decline_reason"].optional { try $0.string() }.flatMap(DeclineReason.init(rawValue:)),
            refundId: try row["refund_id"].optional { try $0.uuid() },
            refundReason: try row["refund_reason"].optional { try $0.string() })
    }
}
