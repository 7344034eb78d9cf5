import Foundation
import Testing

@Suite("Dockerfile")
struct DockerfileTests {
    private func dockerfile() throws -> Dockerfile {
        Dockerfile(text: try Repository.read(Repository.dockerfile))
    }

    @Test("builds in the official Swift image and runs on a slim image, both pinned")
    func multiStage() throws {
        let file = try dockerfile()
        #expect(file.stages.count >= 2, "expected a build stage and a runtime stage")
        guard let build = file.stages.first, let runtime = file.stages.last else { return }
        let builder = file.baseImage(of: build)
        let base = file.baseImage(of: runtime)
        #expect(builder.hasPrefix("swift:") && builder.dropFirst("swift:".count).first?.isNumber == true,
                "build stage starts from \(builder), expected a pinned swift:<version> image")
        #expect(base.hasSuffix("-slim") || base.contains("-slim"), "runtime stage starts from \(base), expected a slim image")
        #expect(!base.hasPrefix("swift:"), "the runtime stage should not carry the Swift toolchain")
    }

    @Test("compiles a release build with the Swift runtime linked statically")
    func releaseStaticBuild() throws {
        let runs = try dockerfile().stages.first?.arguments(of: "RUN").joined(separator: "\n") ?? ""
        #expect(runs.contains("swift build -c release"), "no release build in the build stage")
        #expect(runs.contains("--static-swift-stdlib"), "the build does not link the Swift runtime statically")
    }

    @Test("the image holds exactly the executable products of Package.swift")
    func shipsEveryExecutable() async throws {
        let file = try dockerfile()
        let products = file.stages.first?.arguments(of: "ARG")
            .compactMap(Dockerfile.argument)
            .first { $0.0 == "PRODUCTS" }?.1 ?? ""
        let manifest = try await Shared.manifest.value
        #expect(Set(products.split(separator: " ").map(String.init)) == Set(manifest.productNames),
                "compose/Dockerfile PRODUCTS is \"\(products)\", Package.swift's executables are \(manifest.productNames)")
    }

    @Test("the runtime stage installs only the C libraries' runtime packages, and runs as a non-root user")
    func slimNonRootRuntime() throws {
        guard let runtime = try dockerfile().stages.last else { return }
        let runs = runtime.arguments(of: "RUN").joined(separator: "\n")
        #expect(runs.contains("librdkafka1") && runs.contains("libpq5"), "the runtime stage does not install librdkafka1 and libpq5")
        #expect(!runs.contains("-dev"), "the runtime stage installs development packages")
        let user = runtime.arguments(of: "USER").last ?? "root"
        let name = user.split(separator: ":").first.map(String.init) ?? user
        #expect(!["root", "0"].contains(name), "the container runs as \(user)")
    }

    @Test("the runtime image carries the topic contract and the health probe compose calls")
    func carriesTopicsAndProbe() async throws {
        guard let runtime = try dockerfile().stages.last else { return }
        let copies = runtime.arguments(of: "COPY")
        #expect(copies.contains { $0.hasPrefix("topics ") }, "the image does not contain topics/ (the CLI reads topics/topics.json)")
        let compose = try await Shared.compose.value
        let probes = Set(compose.longRunningOrderflowServices.compactMap { $0.healthcheckTest?.dropFirst().first })
        for probe in probes {
            #expect(copies.contains { $0.hasSuffix("/usr/local/bin/\(probe)") }, "health checks call \(probe), which the image does not install")
        }
    }

    @Test("compose builds the image from the repository root with this Dockerfile, without local state")
    func composeBuildsThisFile() async throws {
        for service in try await Shared.compose.value.orderflowServices {
            #expect(service.buildContext == Repository.root.path, "\(service.name) builds from \(service.buildContext ?? "nowhere")")
            #expect(service.buildDockerfile == "compose/Dockerfile", "\(service.name) builds \(service.buildDockerfile ?? "no Dockerfile")")
        }
        let ignored = try Repository.read(Repository.dockerignore).split(separator: "\n").map(String.init)
        for required in [".build", ".git", "**/.env"] {
            #expect(ignored.contains(required), "compose/Dockerfile.dockerignore does not exclude \(required)")
        }
    }
}
