// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "orderflow",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "Postgres", targets: ["Postgres"]),
        .library(name: "Events", targets: ["Events"]),
        .library(name: "Streaming", targets: ["Streaming"]),
        .executable(name: "order-service", targets: ["OrderService"]),
        .executable(name: "payment-service", targets: ["PaymentService"]),
        .executable(name: "inventory-service", targets: ["InventoryService"]),
        .executable(name: "shipping-service", targets: ["ShippingService"]),
        .executable(name: "notification-service", targets: ["NotificationService"]),
        .executable(name: "outbox-relay", targets: ["OutboxRelay"]),
        .executable(name: "orderflow", targets: ["OrderflowCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        // C modules: the only places librdkafka and libpq enter the build.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        .target(
            name: "Kafka",
            dependencies: ["CRdKafka", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "Postgres",
            dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(name: "Events", swiftSettings: strict),
        .target(
            name: "Streaming",
            dependencies: [
                "Kafka", "Postgres", "Events",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),

        .executableTarget(
            name: "OrderService",
            dependencies: ["Streaming", "Events", .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: strict),
        .executableTarget(name: "PaymentService", dependencies: ["Streaming", "Events"], swiftSettings: strict),
        .executableTarget(name: "InventoryService", dependencies: ["Streaming", "Events"], swiftSettings: strict),
        .executableTarget(name: "ShippingService", dependencies: ["Streaming", "Events"], swiftSettings: strict),
        .executableTarget(name: "NotificationService", dependencies: ["Streaming", "Events"], swiftSettings: strict),
        .executableTarget(name: "OutboxRelay", dependencies: ["Streaming"], swiftSettings: strict),
        // Tooling shared by the CLI and the end-to-end, benchmark and fault tests: order generation,
        // the local dev stack, invariant checks. Not used by the services.
        .target(
            name: "PipelineTools",
            dependencies: [
                "Kafka", "Postgres", "Events", "Streaming",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "OrderflowCLI",
            dependencies: [
                "Kafka", "Events", "Streaming", "PipelineTools",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "KafkaTests", dependencies: ["Kafka"], swiftSettings: strict),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres"], swiftSettings: strict),
        .testTarget(name: "EventsTests", dependencies: ["Events"], swiftSettings: strict),
        .testTarget(
            name: "StreamingTests",
            dependencies: [
                "Streaming",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ServicesTests",
            dependencies: ["OrderService", "PaymentService", "InventoryService", "ShippingService", "NotificationService"],
            swiftSettings: strict),
        .testTarget(name: "PipelineTests", dependencies: ["PipelineTools"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["PipelineTools"], swiftSettings: strict),
        .testTarget(name: "FaultTests", dependencies: ["PipelineTools"], swiftSettings: strict),
        .testTarget(name: "DeploymentTests", swiftSettings: strict),
    ]
)
