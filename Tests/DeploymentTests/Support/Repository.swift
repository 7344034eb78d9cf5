import Foundation

/// Paths of the files the deployment checks read, relative to the repository this test file lives in.
enum Repository {
    static let root: URL = {
        // …/Tests/DeploymentTests/Support/Repository.swift → four levels up is the repository root.
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.standardizedFileURL
    }()

    static func path(_ relative: String) -> URL {
        root.appendingPathComponent(relative).standardizedFileURL
    }

    static let packageManifest = path("Package.swift")
    static let composeFile = path("compose/docker-compose.yml")
    static let envExample = path("compose/.env.example")
    static let dockerfile = path("compose/Dockerfile")
    static let dockerignore = path("compose/Dockerfile.dockerignore")
    static let prometheusConfig = path("compose/prometheus/prometheus.yml")
    static let initDatabasesScript = path("compose/postgres/init-databases.sh")
    static let probeScript = path("compose/orderflow-probe.sh")
    static let topicsFile = path("topics/topics.json")
    static let sources = path("Sources")

    static func read(_ url: URL) throws -> String {
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DeploymentCheckError("cannot read \(relativePath(of: url)): \(error)")
        }
    }

    static func relativePath(of url: URL) -> String {
        let full = url.standardizedFileURL.path
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full
    }
}
