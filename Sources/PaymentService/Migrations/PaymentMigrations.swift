import Postgres

enum PaymentMigrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "payments", sql: """
            CREATE TABLE payments (
                order_id       uuid        PRIMARY KEY,
                payment_id     uuid        NOT NULL UNIQUE,
                customer_id    text        NOT NULL,
                amount         bigint      NOT NULL CHECK (amount >= 0),
                currency       text        NOT NULL,
                status         text        NOT NULL CHECK (status IN ('authorized','declined','refunded')),
                decline_reason text,
                created_at     timestamptz NOT NULL DEFAULT now(),
                refunded_at    timestamptz
            );
            CREATE TABLE customer_credit (
                customer_id text   PRIMARY KEY,
                outstanding bigint NOT NULL DEFAULT 0 CHECK (outstanding >= 0)
            );
            """),
        // Authorization decisions (and the credit they hold) moved to the payment provider.
        Migration(version: 2, name: "credit is the provider's", sql: """
            DROP TABLE customer_credit;
            """),
    ]
}
