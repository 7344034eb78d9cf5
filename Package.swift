// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let serviceLibraries: [Target.Dependency] = ["OrderService", "PaymentService", "InventoryService", "ShippingService", "NotificationService"]

let package = Package(
    name: "orderflow",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "Postgres", targets: ["Postgres"]),
        .library(name: "Events", targets: ["Events"]),
        .library(name: "Streaming", targets: ["Streaming"]),
        .executable(name: "order-service", targets: ["order-service"]),
        .executable(name: "payment-service", targets: ["payment-service"]),
        .executable(name: "inventory-service", targets: ["inventory-service"]),
        .executable(name: "shipping-service", targets: ["shipping-service"]),
        .executable(name: "notification-service", targets: ["notification-service"]),
        .executable(name: "outbox-relay", targets: ["outbox-relay"]),
        .executable(name: "payment-provider", targets: ["payment-provider"]),
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
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        // Already in the graph through Hummingbird; named for the provider simulator's connection handler.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Already in the graph through Hummingbird and AsyncHTTPClient; the tracing API the spans are made with.
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // The spans' export over OTLP/HTTP. Only that trait: the default ones also build gRPC, minutes of
        // every CI run's first build; OTLP/HTTP adds about half a minute (SwiftProtobuf and the exporter).
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
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

        // The runtime every service is built on.
        .target(name: "Kafka", dependencies: ["CRdKafka", logging], swiftSettings: strict),
        .target(name: "Postgres", dependencies: ["CLibPQ", logging], swiftSettings: strict),
        .target(name: "Events", swiftSettings: strict),
        .target(
            name: "Streaming",
            dependencies: [
                "Kafka", "Postgres", "Events", logging,
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "OTel", package: "swift-otel"),
            ],
            swiftSettings: strict
        ),

        // One library per bounded context: its tables, SQL, read models, rules, handlers and API.
        .target(
            name: "OrderService",
            dependencies: [
                "Streaming", "Events", "Postgres", logging,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict),
        .target(
            name: "PaymentService",
            dependencies: [
                "Streaming", "Events", "Postgres", logging,
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict),
        .target(name: "InventoryService", dependencies: ["Streaming", "Events", "Postgres"], swiftSettings: strict),
        .target(name: "ShippingService", dependencies: ["Streaming", "Events", "Postgres"], swiftSettings: strict),
        .target(name: "NotificationService", dependencies: ["Streaming", "Events", "Postgres"], swiftSettings: strict),

        // The payment provider simulator: a room of its own with its own database, reached only over HTTP.
        .target(
            name: "PaymentProvider",
            dependencies: [
                "Streaming", "Postgres", logging,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),

        // The processes: each a main.swift that hands its library's definition to the runtime.
        .executableTarget(name: "order-service", dependencies: ["OrderService", "Streaming"], path: "Sources/Executables/order-service", swiftSettings: strict),
        .executableTarget(name: "payment-service", dependencies: ["PaymentService", "Streaming"], path: "Sources/Executables/payment-service", swiftSettings: strict),
        .executableTarget(name: "inventory-service", dependencies: ["InventoryService", "Streaming"], path: "Sources/Executables/inventory-service", swiftSettings: strict),
        .executableTarget(name: "shipping-service", dependencies: ["ShippingService", "Streaming"], path: "Sources/Executables/shipping-service", swiftSettings: strict),
        .executableTarget(name: "notification-service", dependencies: ["NotificationService", "Streaming"], path: "Sources/Executables/notification-service", swiftSettings: strict),
        .executableTarget(name: "outbox-relay", dependencies: ["Streaming"], path: "Sources/Executables/outbox-relay", swiftSettings: strict),
        .executableTarget(name: "payment-provider", dependencies: ["PaymentProvider"], path: "Sources/Executables/payment-provider", swiftSettings: strict),

        // Tooling rooms: what the CLI and the tests use; never linked by a service.
        // The embedded development broker (librdkafka's mock cluster) and its fault injection.
        .target(name: "KafkaDevBroker", dependencies: ["Kafka", "CRdKafka", logging], swiftSettings: strict),
        // Running the pipeline on one machine: child processes, a local PostgreSQL, topics, the stack.
        .target(
            name: "LocalStack",
            dependencies: ["Kafka", "Postgres", "Events", "PaymentProvider", logging, .product(name: "JWTKit", package: "jwt-kit")],
            swiftSettings: strict),
        // Test orders: generated by seed and mix, published as order.requested.
        .target(name: "OrderTraffic", dependencies: ["Kafka", "Events", "OrderService"], swiftSettings: strict),
        // What must hold once orders settle, read through each service's public read API.
        .target(
            name: "Invariants",
            dependencies: ["Postgres", "Events", "Streaming", "LocalStack", "OrderTraffic", "PaymentProvider"] + serviceLibraries,
            swiftSettings: strict),
        // `orderflow bench`: throughput and latency against raw baselines.
        .target(
            name: "Bench",
            dependencies: [
                "Kafka", "KafkaDevBroker", "Postgres", "Events", "Streaming", "LocalStack", "OrderTraffic", "Invariants",
                "PaymentProvider", logging,
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strict),
        // `orderflow chaos`: the fault suite.
        .target(
            name: "FaultSuite",
            dependencies: [
                "Kafka", "KafkaDevBroker", "Postgres", "Events", "Streaming", "LocalStack", "OrderTraffic", "Invariants",
                "PaymentProvider", logging,
            ] + serviceLibraries,
            swiftSettings: strict),
        .executableTarget(
            name: "OrderflowCLI",
            dependencies: [
                "Kafka", "KafkaDevBroker", "Postgres", "Events", "Streaming", "OrderService", "InventoryService",
                "LocalStack", "OrderTraffic", "Invariants", "Bench", "FaultSuite", "PaymentProvider", logging,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // Helpers every test target shares.
        .target(
            name: "TestSupport",
            dependencies: ["Kafka", "KafkaDevBroker", "Postgres", logging],
            path: "Tests/TestSupport",
            swiftSettings: strict),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "KafkaDevBroker", "TestSupport", logging], swiftSettings: strict),
        .testTarget(name: "KafkaDevBrokerTests", dependencies: ["Kafka", "KafkaDevBroker", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "EventsTests", dependencies: ["Events", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "StreamingTests",
            dependencies: [
                "Streaming", "Kafka", "KafkaDevBroker", "Postgres", "Events", "TestSupport", logging,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrderAPITests",
            dependencies: [
                "OrderService", "Streaming", "Postgres", "Events", "TestSupport", logging,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "PaymentProviderTests",
            dependencies: [
                "PaymentProvider", "PaymentService", "Events", "Streaming", "Postgres", "TestSupport", logging,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict),
        .testTarget(name: "ServicesTests", dependencies: ["Events", "TestSupport"] + serviceLibraries, swiftSettings: strict),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "Kafka", "KafkaDevBroker", "Postgres", "Events", "Streaming", "LocalStack", "OrderTraffic", "Invariants", "PaymentProvider",
                "TestSupport",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "Kafka", "KafkaDevBroker", "Postgres", "Events", "Streaming", "LocalStack", "OrderTraffic", "Bench", "PaymentProvider",
                "TestSupport", logging,
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FaultTests",
            dependencies: ["Kafka", "KafkaDevBroker", "Postgres", "Events", "LocalStack", "OrderTraffic", "Invariants", "FaultSuite", "TestSupport"],
            swiftSettings: strict),
        .testTarget(name: "DeploymentTests", swiftSettings: strict),
        .testTarget(name: "ArchitectureTests", swiftSettings: strict),
    ]
)

