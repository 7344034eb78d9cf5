import Testing

@Suite("reading Package.swift")
struct PackageManifestParsingTests {
    @Test("finds executable products with their targets, and executable targets")
    func readsExecutables() throws {
        let manifest = try PackageManifest(text: """
            products: [
                .library(name: "Kafka", targets: ["Kafka"]),
                .executable(name: "order-service", targets: ["OrderService"]),
                .executable(
                    name: "orderflow",
                    targets: ["OrderflowCLI"]
                ),
            ],
            targets: [
                .executableTarget(name: "OrderService", dependencies: ["Streaming"]),
                .executableTarget(
                    name: "OrderflowCLI",
                    dependencies: []
                ),
                .target(name: "Kafka"),
            ]
            """)
        #expect(manifest.executables == [
            .init(product: "order-service", target: "OrderService"),
            .init(product: "orderflow", target: "OrderflowCLI"),
        ])
        #expect(manifest.executableTargets == ["OrderService", "OrderflowCLI"])
    }

    @Test("a manifest without executables is an error, not an empty pass")
    func noExecutables() {
        #expect(throws: DeploymentCheckError.self) { try PackageManifest(text: ".library(name: \"Kafka\", targets: [\"Kafka\"])") }
    }
}
