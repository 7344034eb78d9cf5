import Postgres

/// The orders database. `order_id` is text because a rejected request's id may not be a UUID, and
/// the rejection is still recorded against it.
enum OrderMigrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "orders", sql: """
            CREATE TABLE orders (
                order_id         text        PRIMARY KEY,
                customer_id      text        NOT NULL,
                status           text        NOT NULL CHECK (status IN ('placed','confirmed','cancelled','shipped','rejected')),
                currency         text        NOT NULL,
                total_amount     bigint      NOT NULL,
                lines            jsonb       NOT NULL,
                payment_status   text        CHECK (payment_status IN ('authorized','declined')),
                payment_id       uuid,
                payment_detail   text,
                stock_status     text        CHECK (stock_status IN ('reserved','rejected')),
                reservation_id   uuid,
                stock_detail     text,
                shipment_id      uuid,
                cancel_reason    text,
                rejection_errors jsonb,
                placed_version   int,
                correlation_id   text        NOT NULL,
                created_at       timestamptz NOT NULL DEFAULT now(),
                updated_at       timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX orders_status ON orders (status);
            CREATE TABLE order_history (
                id          bigserial   PRIMARY KEY,
                order_id    text        NOT NULL REFERENCES orders (order_id),
                event_id    uuid        NOT NULL,
                event_type  text        NOT NULL,
                status      text        NOT NULL,
                detail      text,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX order_history_order ON order_history (order_id, id);
            """),
        Migration(version: 2, name: "api_requests", sql: """
            CREATE TABLE api_requests (
                idempotency_key text        PRIMARY KEY,
                request_hash    text        NOT NULL,
                order_id        text        NOT NULL,
                correlation_id  text        NOT NULL,
                created_at      timestamptz NOT NULL DEFAULT now()
            );
            """),
        // Who asked for the order: the `sub` of the API caller's bearer token.
        Migration(version: 3, name: "api_requests_requested_by", sql: """
            ALTER TABLE api_requests ADD COLUMN requested_by text;
            CREATE INDEX api_requests_order ON api_requests (order_id);
            """),
    ]
}
