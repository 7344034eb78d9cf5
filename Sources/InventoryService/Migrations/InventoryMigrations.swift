import Postgres

/// Stock is `on_hand` units of which `reserved` are held for orders; available = on_hand - reserved.
/// The checks make negative availability impossible whatever the concurrency.
enum InventoryMigrations {
    /// The seeded catalogue: twenty well-stocked SKUs and one that is always sold out.
    static let seededSKUs = (1...20).map { String(format: "SKU-%04d", $0) }
    static let soldOutSKU = "SKU-SOLDOUT"
    static let seededQuantity = 1_000_000

    static let all: [Migration] = [
        Migration(version: 1, name: "stock", sql: """
            CREATE TABLE stock (
                sku      text PRIMARY KEY,
                on_hand  int  NOT NULL CHECK (on_hand >= 0),
                reserved int  NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand)
            );
            CREATE TABLE reservations (
                order_id       uuid        PRIMARY KEY,
                reservation_id uuid        NOT NULL UNIQUE,
                status         text        NOT NULL CHECK (status IN ('held','released','rejected')),
                lines          jsonb       NOT NULL,
                created_at     timestamptz NOT NULL DEFAULT now(),
                released_at    timestamptz
            );
            """),
        Migration(version: 2, name: "seed_stock", sql: """
            INSERT INTO stock (sku, on_hand)
            SELECT 'SKU-' || lpad(n::text, 4, '0'), \(seededQuantity) FROM generate_series(1, 20) AS n
            ON CONFLICT DO NOTHING;
            INSERT INTO stock (sku, on_hand) VALUES ('\(soldOutSKU)', 0) ON CONFLICT DO NOTHING;
            """),
    ]
}
