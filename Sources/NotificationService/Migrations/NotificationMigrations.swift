import Postgres

enum NotificationMigrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "notifications", sql: """
            CREATE TABLE notifications (
                id         bigserial   PRIMARY KEY,
                event_id   uuid        NOT NULL UNIQUE,
                order_id   uuid        NOT NULL,
                kind       text        NOT NULL CHECK (kind IN ('confirmed','cancelled','shipped')),
                message    text        NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX notifications_order ON notifications (order_id);
            """),
    ]
}
