import Postgres

/// The provider's own tables, in its own database: what it charged, what it refunded, the credit it
/// holds per customer, and every answer it gave by idempotency key.
enum ProviderMigrations {
    static let table = "provider_schema_migrations"
    static let all: [Migration] = [
        Migration(version: 1, name: "charges, refunds, credit and idempotency keys", sql: """
            CREATE TABLE provider_charges (
                charge_id      uuid        PRIMARY KEY,
                reference      text        NOT NULL,
                customer_id    text        NOT NULL,
                amount         bigint      NOT NULL CHECK (amount >= 0),
                currency       text        NOT NULL,
                status         text        NOT NULL CHECK (status IN ('authorized','declined','refunded')),
                decline_reason text,
                created_at     timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX provider_charges_reference ON provider_charges (reference);
            CREATE TABLE provider_refunds (
                refund_id  uuid        PRIMARY KEY,
                charge_id  uuid        NOT NULL UNIQUE REFERENCES provider_charges (charge_id),
                reason     text        NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE provider_credit (
                customer_id text   PRIMARY KEY,
                outstanding bigint NOT NULL DEFAULT 0 CHECK (outstanding >= 0)
            );
            CREATE TABLE provider_idempotency (
                idempotency_key text        PRIMARY KEY,
                operation       text        NOT NULL,
                request         text        NOT NULL,
                status_code     int,
                response        text,
                created_at      timestamptz NOT NULL DEFAULT now()
            );
            """),
    ]
}
