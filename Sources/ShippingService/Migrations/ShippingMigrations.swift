import Postgres

enum ShippingMigrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "shipments", sql: """
            CREATE TABLE shipments (
                order_id      uuid        PRIMARY KEY,
                shipment_id   uuid        NOT NULL UNIQUE,
                carrier       text        NOT NULL,
                scheduled_for date        NOT NULL,
                created_at    timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE destinations (
                order_id uuid PRIMARY KEY,
                country  text NOT NULL
            );
            """),
    ]
}
