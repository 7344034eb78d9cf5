import Postgres

/// Tables every service database carries for the delivery guarantees: the dedupe record of handled
/// events and the transactional outbox. Kept in their own migrations table so a service's numbering
/// of its own migrations is independent of the runtime's.
public enum RuntimeMigrations {
    public static let table = "orderflow_runtime_migrations"
    public static let outboxChannel = "orderflow_outbox"
    /// Advisory lock serializing runtime migrations between processes starting together.
    public static let lockKey: Int64 = 0x6f72_6466_6c6f_7701

    public static let all: [Migration] = [
        Migration(version: 1, name: "processed_events", sql: """
            CREATE TABLE IF NOT EXISTS processed_events (
                consumer_group text        NOT NULL,
                event_id       uuid        NOT NULL,
                event_type     text        NOT NULL,
                processed_at   timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (consumer_group, event_id)
            );
            CREATE INDEX IF NOT EXISTS processed_events_processed_at ON processed_events (processed_at);
            """),
        Migration(version: 2, name: "outbox", sql: """
            CREATE TABLE IF NOT EXISTS outbox (
                id             bigserial   PRIMARY KEY,
                shard          int         NOT NULL,
                topic          text        NOT NULL,
                message_key    bytea,
                value          bytea       NOT NULL,
                event_id       uuid        NOT NULL,
                event_type     text        NOT NULL,
                schema_version int         NOT NULL,
                correlation_id text        NOT NULL,
                created_at     timestamptz NOT NULL DEFAULT now(),
                published_at   timestamptz
            );
            CREATE INDEX IF NOT EXISTS outbox_unpublished ON outbox (shard, id) WHERE published_at IS NULL;
            CREATE INDEX IF NOT EXISTS outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
            CREATE OR REPLACE FUNCTION orderflow_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('\(outboxChannel)', '');
                RETURN NULL;
            END $$;
            DROP TRIGGER IF EXISTS outbox_notify ON outbox;
            CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
                FOR EACH STATEMENT EXECUTE FUNCTION orderflow_outbox_notify();
            """),
        // The relay reads the lowest unpublished ids of its shards; with only the (shard, id) index it
        // sorted the whole backlog for every batch. Walking ids in order stops at the batch size.
        Migration(version: 3, name: "outbox_unpublished_by_id", sql: """
            CREATE INDEX IF NOT EXISTS outbox_unpublished_id ON outbox (id) WHERE published_at IS NULL;
            """),
        // Since 3 nothing reads the (shard, id) index, yet every outbox insert and every mark paid for it.
        Migration(version: 4, name: "drop_outbox_unpublished_by_shard", sql: """
            DROP INDEX IF EXISTS outbox_unpublished;
            """),
        // Every insert paid for two indexes on the same ever-growing id: the primary key and the
        // partial index of unpublished ids. Every statement that finds rows by id is about unpublished
        // ones and uses the partial index, so the key goes; ids stay unique, only the sequence assigns
        // them. Deduplication, on by default, tries to merge equal keys in every full leaf before it
        // splits, and ids are never equal. Together a tenth of a handler's throughput
        // (docs/performance.md).
        Migration(version: 5, name: "outbox_single_id_index", sql: """
            ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_pkey;
            ALTER INDEX outbox_unpublished_id SET (deduplicate_items = off);
            """),
        // Messages set aside after a retryable failure, and the later messages of their keys queued
        // behind them, so a failing key waits here while the rest of its partition flows. A position
        // (topic, partition, offset) is parked once per group: a redelivered batch parks nothing twice.
        Migration(version: 6, name: "parked_messages", sql: """
            CREATE TABLE IF NOT EXISTS parked_messages (
                id              bigserial   PRIMARY KEY,
                consumer_group  text        NOT NULL,
                message_key     bytea       NOT NULL,
                topic           text        NOT NULL,
                kafka_partition int         NOT NULL,
                kafka_offset    bigint      NOT NULL,
                value           bytea,
                headers         jsonb       NOT NULL,
                attempts        int         NOT NULL,
                next_attempt_at timestamptz NOT NULL,
                held            boolean     NOT NULL DEFAULT false,
                error_class     text,
                last_error      text,
                parked_at       timestamptz NOT NULL DEFAULT now(),
                UNIQUE (consumer_group, topic, kafka_partition, kafka_offset)
            );
            CREATE INDEX IF NOT EXISTS parked_messages_key ON parked_messages (consumer_group, message_key, id);
            """),
        // The relay sends it as the record's `traceparent` header and makes its publish span a child of it.
        Migration(version: 7, name: "outbox_traceparent", sql: """
            ALTER TABLE outbox ADD COLUMN IF NOT EXISTS traceparent text;
            """),
        // Marking each delivered row wrote the whole row again; the relay now records per shard how far
        // it has delivered (docs/performance.md, "Delivery marks"). Ids draw the transaction's xid first,
        // so a row's transaction always has an xid below any snapshot that sees a higher id committed:
        // what lets the relay tell when an id it passed unseen can no longer appear. Rows unpublished
        // under the old layout go to the retry path; the baseline mark (shard -1) starts every shard's
        // mark past them.
        Migration(version: 8, name: "outbox_delivery_marks", sql: """
            CREATE TABLE IF NOT EXISTS outbox_marks (
                shard        int         PRIMARY KEY,
                through_id   bigint      NOT NULL,
                gap_starts   bigint[]    NOT NULL DEFAULT '{}',
                gap_ends     bigint[]    NOT NULL DEFAULT '{}',
                gaps_horizon bigint      NOT NULL DEFAULT 0,
                marked_at    timestamptz NOT NULL DEFAULT now()
            );
            ALTER TABLE outbox ADD COLUMN IF NOT EXISTS retry_at timestamptz;
            CREATE INDEX IF NOT EXISTS outbox_retry ON outbox (id) WHERE retry_at IS NOT NULL AND published_at IS NULL;
            ALTER TABLE outbox ALTER COLUMN id
                SET DEFAULT CASE WHEN pg_current_xact_id() IS NOT NULL THEN nextval('outbox_id_seq'::regclass) END;
            UPDATE outbox SET retry_at = now() WHERE published_at IS NULL;
            INSERT INTO outbox_marks (shard, through_id) SELECT \(OutboxMarks.baselineShard), coalesce(max(id), 0) FROM outbox
                ON CONFLICT DO NOTHING;
            \(OutboxMarks.unpublishedViewSQL)
            """),
    ]

    /// Applies the runtime tables, then the service's own migrations.
    public static func migrate(_ connection: PostgresConnection, service: [Migration]) async throws {
        try await Migrator(migrations: all, table: table, lockKey: lockKey).migrate(connection)
        try await Migrator(migrations: service).migrate(connection)
    }
}
