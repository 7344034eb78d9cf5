/// Results several checks read, computed once per test run.
enum Shared {
    static let compose = Task { try await ComposeTool.resolvedConfiguration() }
    static let manifest = Task { try PackageManifest.load() }
    static let envExample = Task { try EnvFile(text: try Repository.read(Repository.envExample)) }

    /// The product name of the outbox relay executable, which runs once per service database.
    static let relayProduct = "outbox-relay"
    /// The payment provider simulator: an HTTP server with a database, no Kafka and no outbox.
    static let providerProduct = "payment-provider"
    /// The one orderflow service that publishes a host port: its HTTP API.
    static let servicesWithHostPorts: Set<String> = ["order-service"]
}

extension Shared {
    static let helps = HelpCache()
}

/// `--help` of each executable, run once per test run.
actor HelpCache {
    private var entries: [String: Task<EnvironmentHelp, any Error>] = [:]

    func help(of product: String) async throws -> EnvironmentHelp {
        if let entry = entries[product] { return try await entry.value }
        let entry = Task { try await BuiltExecutables.help(of: product) }
        entries[product] = entry
        return try await entry.value
    }
}
