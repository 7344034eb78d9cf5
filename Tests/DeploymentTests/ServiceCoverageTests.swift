import Testing

@Suite("every executable has a compose service")
struct ServiceCoverageTests {
    @Test("every executable target under Sources belongs to an executable product")
    func targetsAreProducts() async throws {
        let manifest = try await Shared.manifest.value
        let productTargets = Set(manifest.executables.map(\.target))
        #expect(!manifest.executableTargets.isEmpty)
        for target in manifest.executableTargets {
            #expect(productTargets.contains(target), "Sources/\(target) is an executable target without a product, so no image runs it")
        }
    }

    @Test("every executable product runs in at least one compose service")
    func productsRunInCompose() async throws {
        let manifest = try await Shared.manifest.value
        let compose = try await Shared.compose.value
        for product in manifest.productNames {
            #expect(!compose.services(running: product).isEmpty, "no service in compose/docker-compose.yml runs \(product)")
        }
    }

    @Test("each service executable has a compose service of its own name, so `--scale <name>=N` works")
    func servicesAreNamedAfterTheirExecutable() async throws {
        let manifest = try await Shared.manifest.value
        let compose = try await Shared.compose.value
        let longRunning = Set(compose.longRunningOrderflowServices.compactMap(\.executable))
        let services = manifest.productNames.filter { longRunning.contains($0) && $0 != Shared.relayProduct }
        #expect(services.count >= 5, "expected the five service executables to run in compose, found \(services)")
        for product in services {
            let service = try compose.service(product)
            #expect(service.executable == product, "compose service \(product) runs \(service.executable ?? "nothing")")
        }
    }

    @Test("every service built from the repository runs one of the package's executables, from one image")
    func orderflowServicesRunKnownExecutables() async throws {
        let manifest = try await Shared.manifest.value
        let compose = try await Shared.compose.value
        let products = Set(manifest.productNames)
        for service in compose.orderflowServices {
            #expect(products.contains(service.executable ?? ""),
                    "compose service \(service.name) runs \(service.commandLine), which is not an executable product of Package.swift")
        }
        let images = Set(compose.orderflowServices.map { $0.image ?? "<none>" })
        #expect(images.count == 1, "orderflow services should share one image, found \(images.sorted())")
    }
}
