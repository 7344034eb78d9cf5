import Postgres

/// Effects that happened more than once, counted from the service databases: the figure the delivery
/// guarantees promise is zero however often Kafka redelivers. Each probe names what it counts.
struct DuplicateEffects: Sendable {
    struct Probe: Sendable {
        var service: PipelineService
        var name: String
        var sql: String
    }

    /// Per probe, how many surplus effects it found.
    var counts: [String: Int] = [:]

    var total: Int { counts.values.reduce(0, +) }

    var details: [String] {
        counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
    }

    static let probes: [Probe] = [
        Probe(service: .order, name: "orders: history entries recorded twice for one event", sql: """
            SELECT coalesce(sum(n - 1), 0) AS surplus FROM
              (SELECT count(*) AS n FROM order_history GROUP BY order_id, event_id HAVING count(*) > 1) AS d
            """),
        Probe(service: .payment, name: "payments: customers whose outstanding credit is not their authorized payments", sql: """
            SELECT count(*) AS surplus FROM customer_credit c
            LEFT JOIN (SELECT customer_id, sum(amount) AS held FROM payments WHERE status = 'authorized' GROUP BY customer_id) p
              USING (customer_id)
            WHERE c.outstanding <> coalesce(p.held, 0)
            """),
        Probe(service: .payment, name: "payments: more than one payment per order", sql: """
            SELECT count(*) - count(DISTINCT order_id) AS surplus FROM payments
            """),
        Probe(service: .inventory, name: "inventory: SKUs whose reserved units differ from the held reservations", sql: """
            SELECT count(*) AS surplus FROM stock s
            WHERE s.reserved <> coalesce((
              SELECT sum((line->>'quantity')::bigint) FROM reservations r, jsonb_array_elements(r.lines) AS line
              WHERE r.status = 'held' AND line->>'sku' = s.sku), 0)
            """),
        Probe(service: .shipping, name: "shipping: more than one shipment per order", sql: """
            SELECT count(*) - count(DISTINCT order_id) AS surplus FROM shipments
            """),
        Probe(service: .notification, name: "notifications: the same notification sent twice", sql: """
            SELECT coalesce(sum(n - 1), 0) AS surplus FROM
              (SELECT count(*) AS n FROM notifications GROUP BY order_id, kind HAVING count(*) > 1) AS d
            """),
    ] + PipelineService.allCases.map { service in
        // Every event type is emitted at most once per order by a service.
        Probe(service: service, name: "\(service.database): the same event emitted twice for one order", sql: """
            SELECT coalesce(sum(n - 1), 0) AS surplus FROM
              (SELECT count(*) AS n FROM outbox GROUP BY message_key, event_type HAVING count(*) > 1) AS d
            """)
    }

    static func count(in databases: StackDatabases) async throws(PostgresError) -> DuplicateEffects {
        var effects = DuplicateEffects()
        for service in PipelineService.allCases {
            let connection = try await PostgresConnection.connect(databases.configuration(of: service))
            let result: Result<Void, PostgresError>
            do {
                for probe in probes where probe.service == service {
                    let rows = try await connection.query(probe.sql)
                    effects.counts[probe.name] = try rows.first?["surplus"].int() ?? 0
                }
                result = .success(())
            } catch {
                result = .failure(error)
            }
            await connection.close()
            try result.get()
        }
        return effects
    }
}
