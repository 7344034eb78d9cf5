import Foundation
import Kafka
import Postgres

/// The SQL of `parked_messages` for one consumer group: parking inside the batch transaction, and what
/// the parked-message worker reads and writes.
struct ParkedMessageStore: Sendable {
    let consumerGroup: String

    /// Parks a message; a position already parked for the group stays as it is (a redelivered batch).
    func park(
        _ message: KafkaMessage, attempts: Int, retryIn delay: Duration, errorClass: String?, error: String?,
        in transaction: PostgresTransaction
    ) async throws {
        try await transaction.execute(
            """
            INSERT INTO parked_messages (consumer_group, message_key, topic, kafka_partition, kafka_offset, value, headers,
                                         attempts, next_attempt_at, error_class, last_error)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + $9 * interval '1 millisecond', $10, $11)
            ON CONFLICT (consumer_group, topic, kafka_partition, kafka_offset) DO NOTHING
            """,
            [
                .text(consumerGroup), .bytea(message.key ?? []), .text(message.topic), .int32(message.partition),
                .int64(message.offset), message.value.map(PostgresValue.bytea) ?? .null,
                .jsonb(ParkedHeaders.encode(message.headers)), .int(attempts), .int64(delay.wholeMilliseconds),
                errorClass.map(PostgresValue.text) ?? .null, error.map(PostgresValue.text) ?? .null,
            ])
    }

    /// Which of these keys have messages parked, so later messages of theirs queue behind them.
    func parkedKeys(among keys: Set<[UInt8]>, in transaction: PostgresTransaction) async throws -> Set<[UInt8]> {
        guard !keys.isEmpty else { return [] }
        return try Self.keys(of: try await transaction.query(Self.parkedKeysQuery, [.text(consumerGroup), .byteaArray(Array(keys))]))
    }

    /// The same, outside any transaction: before a batch's outside calls.
    func parkedKeys(among keys: Set<[UInt8]>, on connection: PostgresConnection) async throws -> Set<[UInt8]> {
        guard !keys.isEmpty else { return [] }
        return try Self.keys(of: try await connection.query(Self.parkedKeysQuery, [.text(consumerGroup), .byteaArray(Array(keys))]))
    }

    private static let parkedKeysQuery =
        "SELECT DISTINCT message_key FROM parked_messages WHERE consumer_group = $1 AND message_key = ANY($2)"

    private static func keys(of rows: [PostgresRow]) throws -> Set<[UInt8]> {
        var parked = Set<[UInt8]>()
        for row in rows { parked.insert(try row["message_key"].bytes()) }
        return parked
    }

    /// The first message of each key whose next attempt is due, oldest first.
    func dueHeads(limit: Int, on connection: PostgresConnection) async throws -> [ParkedMessage] {
        try await connection.query(
            """
            SELECT \(Self.columns) FROM parked_messages p
            WHERE consumer_group = $1 AND NOT held AND next_attempt_at <= now()
              AND id = (SELECT min(id) FROM parked_messages q WHERE q.consumer_group = p.consumer_group AND q.message_key = p.message_key)
            ORDER BY id LIMIT $2
            """,
            [.text(consumerGroup), .int(limit)]
        ).map(Self.parkedMessage)
    }

    /// Time until the next head of a key is due (nil when nothing waits but held keys).
    func untilNextDue(on connection: PostgresConnection) async throws -> Duration? {
        let rows = try await connection.query(
            """
            SELECT greatest(0, extract(epoch FROM min(next_attempt_at) - now())) AS seconds FROM parked_messages p
            WHERE consumer_group = $1 AND NOT held
              AND id = (SELECT min(id) FROM parked_messages q WHERE q.consumer_group = p.consumer_group AND q.message_key = p.message_key)
            """,
            [.text(consumerGroup)])
        guard let cell = rows.first?["seconds"], !cell.isNull else { return nil }
        return .milliseconds(Int64(try cell.double() * 1000))
    }

    /// Takes the key's head for this transaction: false when another worker is on the key already, or the
    /// row is gone (handled meanwhile).
    func claimHead(_ parked: ParkedMessage, in transaction: PostgresTransaction) async throws -> Bool {
        let rows = try await transaction.query(
            """
            SELECT 1 FROM parked_messages
            WHERE id = $1 AND pg_try_advisory_xact_lock(hashtextextended($2 || ':' || encode(message_key, 'hex'), 0))
            FOR UPDATE SKIP LOCKED
            """,
            [.int64(parked.id), .text(consumerGroup)])
        return !rows.isEmpty
    }

    func remove(_ id: Int64, in transaction: PostgresTransaction) async throws {
        try await transaction.execute("DELETE FROM parked_messages WHERE id = $1", [.int64(id)])
    }

    func remove(_ id: Int64, on connection: PostgresConnection) async throws {
        try await connection.execute("DELETE FROM parked_messages WHERE id = $1", [.int64(id)])
    }

    /// Another failed attempt: the next one after `delay`, or none (held) when `delay` is nil.
    func failed(
        _ id: Int64, attempts: Int, retryIn delay: Duration?, errorClass: String, error: String,
        on connection: PostgresConnection
    ) async throws {
        try await connection.execute(
            """
            UPDATE parked_messages SET attempts = $2, error_class = $3, last_error = $4,
                held = $5, next_attempt_at = CASE WHEN $5 THEN next_attempt_at ELSE now() + $6 * interval '1 millisecond' END
            WHERE id = $1
            """,
            [.int64(id), .int(attempts), .text(errorClass), .text(error), .bool(delay == nil),
             .int64(delay?.wholeMilliseconds ?? 0)])
    }

    struct Statistics: Sendable {
        var messages: Int
        var keys: Int
        var oldestAge: Duration?
    }

    func statistics(on connection: PostgresConnection) async throws -> Statistics {
        let rows = try await connection.query(
            """
            SELECT count(*) AS messages, count(DISTINCT message_key) AS keys,
                   extract(epoch FROM now() - min(parked_at)) AS oldest
            FROM parked_messages WHERE consumer_group = $1
            """,
            [.text(consumerGroup)])
        guard let row = rows.first else { return Statistics(messages: 0, keys: 0) }
        let oldest = try row["oldest"].optional { cell throws(PostgresError) in try cell.double() }
        return Statistics(
            messages: try row["messages"].int(), keys: try row["keys"].int(),
            oldestAge: oldest.map { .milliseconds(Int64($0 * 1000)) })
    }

    func hasAny(on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT EXISTS (SELECT 1 FROM parked_messages WHERE consumer_group = $1) AS any", [.text(consumerGroup)])
        return try rows.first?["any"].bool() ?? false
    }

    static let columns = """
        id, consumer_group, message_key, topic, kafka_partition, kafka_offset, value, headers::text AS headers, attempts,
        next_attempt_at, held, error_class, last_error, parked_at
        """

    static func parkedMessage(_ row: PostgresRow) throws(PostgresError) -> ParkedMessage {
        let message = KafkaMessage(
            topic: try row["topic"].string(), partition: try row["kafka_partition"].int32(),
            offset: try row["kafka_offset"].int64(), key: try row["message_key"].bytes(),
            value: try row["value"].optional { cell throws(PostgresError) in try cell.bytes() },
            headers: ParkedHeaders.decode(try row["headers"].string()))
        return ParkedMessage(
            id: try row["id"].int64(), message: message, consumerGroup: try row["consumer_group"].string(),
            attempts: try row["attempts"].int(), nextAttemptAt: try row["next_attempt_at"].date(),
            held: try row["held"].bool(), errorClass: try row["error_class"].optional { cell throws(PostgresError) in try cell.string() },
            lastError: try row["last_error"].optional { cell throws(PostgresError) in try cell.string() },
            parkedAt: try row["parked_at"].date())
    }
}
