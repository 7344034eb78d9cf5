import Postgres

/// SQL of `api_requests`: which order each client `Idempotency-Key` created.
struct APIRequestStore: Sendable {
    let transaction: PostgresTransaction

    struct Recorded: Sendable {
        var fingerprint: String
        var orderID: String
        var correlationID: String
    }

    /// Claims the key for this request, recording who asked (the token's subject); false when the key
    /// was claimed before.
    func claim(
        key: String, fingerprint: String, orderID: String, correlationID: String, requestedBy: String?
    ) async throws -> Bool {
        try await transaction.execute("""
            INSERT INTO api_requests (idempotency_key, request_hash, order_id, correlation_id, requested_by)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING
            """, [.text(key), .text(fingerprint), .text(orderID), .text(correlationID), requestedBy.map(PostgresValue.text) ?? .null]) == 1
    }

    /// Serializes the requests that name the same order id until the transaction ends, so two keys cannot
    /// both claim one order. Two-key lock: the first key keeps it apart from other advisory locks.
    func lockOrder(_ orderID: String) async throws {
        _ = try await transaction.query(
            "SELECT pg_advisory_xact_lock(hashtext('orderflow.order-api.order-id'), hashtext($1))", [.text(orderID)])
    }

    /// An earlier request for `orderID` under another key than `key`, if any.
    func claimedByAnotherKey(orderID: String, key: String) async throws -> Recorded? {
        guard let row = try await transaction.query("""
            SELECT request_hash, order_id, correlation_id FROM api_requests
            WHERE (order_id = $1 OR lower(order_id) = $1) AND idempotency_key <> $2
            ORDER BY created_at LIMIT 1
            """, [.text(orderID), .text(key)]
        ).first else { return nil }
        return Recorded(
            fingerprint: try row["request_hash"].string(), orderID: try row["order_id"].string(),
            correlationID: try row["correlation_id"].string())
    }

    /// What the key was claimed for; nil while the claiming transaction has not committed.
    func recorded(key: String) async throws -> Recorded? {
        guard let row = try await transaction.query(
            "SELECT request_hash, order_id, correlation_id FROM api_requests WHERE idempotency_key = $1", [.text(key)]
        ).first else { return nil }
        return Recorded(
            fingerprint: try row["request_hash"].string(), orderID: try row["order_id"].string(),
            correlationID: try row["correlation_id"].string())
    }
}
