import Foundation

/// The parts of a resolved compose configuration (`docker-compose config`) the checks look at.
struct ComposeConfiguration: Sendable {
    var services: [String: ComposeService]

    init(_ document: JSONValue) throws {
        guard let members = document["services"]?.object, !members.isEmpty else {
            throw DeploymentCheckError("the resolved compose configuration has no services")
        }
        services = Dictionary(uniqueKeysWithValues: members.map { ($0.key, ComposeService(name: $0.key, $0.value)) })
    }

    func service(_ name: String) throws -> ComposeService {
        guard let service = services[name] else {
            throw DeploymentCheckError("compose/docker-compose.yml has no service \"\(name)\" (services: \(services.keys.sorted().joined(separator: ", ")))")
        }
        return service
    }

    /// Services that run the image built from compose/Dockerfile.
    var orderflowServices: [ComposeService] {
        services.values.filter(\.isBuiltFromRepository).sorted { $0.name < $1.name }
    }

    /// Orderflow services that `up` starts and keeps running, as opposed to one-shot jobs and tools
    /// behind a profile.
    var longRunningOrderflowServices: [ComposeService] {
        orderflowServices.filter { $0.profiles.isEmpty && $0.restart != nil && $0.restart != "no" }
    }

    /// Services whose container runs `executable` (the first word of entrypoint + command).
    func services(running executable: String) -> [ComposeService] {
        services.values.filter { $0.executable == executable }.sorted { $0.name < $1.name }
    }
}

struct ComposeService: Sendable {
    var name: String
    var raw: JSONValue

    init(name: String, _ raw: JSONValue) {
        self.name = name
        self.raw = raw
    }

    var image: String? { raw["image"]?.string }
    var buildContext: String? { raw["build"]?["context"]?.string ?? raw["build"]?.string }
    var buildDockerfile: String? { raw["build"]?["dockerfile"]?.string }
    var isBuiltFromRepository: Bool { buildContext != nil }

    /// Entrypoint followed by command, as the container runs them (the image sets no entrypoint).
    var commandLine: [String] { words(raw["entrypoint"]) + words(raw["command"]) }
    var executable: String? { commandLine.first }

    var environment: [String: String] {
        switch raw["environment"] {
        case .object(let members)?:
            return members.mapValues { $0.scalarText ?? "" }
        case .array(let entries)?:
            var result: [String: String] = [:]
            for entry in entries.compactMap(\.string) {
                let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            return result
        default:
            return [:]
        }
    }

    /// Host ports this service publishes.
    var publishedPorts: [String] {
        (raw["ports"]?.array ?? []).map { port in
            port["published"]?.scalarText ?? port.scalarText ?? "\(port)"
        }
    }

    var containerName: String? { raw["container_name"]?.string }
    var workingDirectory: String? { raw["working_dir"]?.string }
    var restart: String? { raw["restart"]?.scalarText }
    var stopGracePeriod: String? { raw["stop_grace_period"]?.string }
    var profiles: [String] { (raw["profiles"]?.array ?? []).compactMap(\.string) }

    /// The health check command, nil when the service has none (or disables it).
    var healthcheckTest: [String]? {
        guard let healthcheck = raw["healthcheck"], healthcheck["disable"] != .bool(true) else { return nil }
        let test = words(healthcheck["test"])
        return test.isEmpty || test == ["NONE"] ? nil : test
    }

    /// depends_on: service name → condition.
    var dependencies: [String: String] {
        switch raw["depends_on"] {
        case .object(let members)?:
            return members.mapValues { $0["condition"]?.string ?? "service_started" }
        case .array(let names)?:
            return Dictionary(uniqueKeysWithValues: names.compactMap(\.string).map { ($0, "service_started") })
        default:
            return [:]
        }
    }

    /// Bind mounts and volumes as (source, target).
    var volumes: [(source: String, target: String)] {
        (raw["volumes"]?.array ?? []).compactMap { volume in
            if let text = volume.string {
                let parts = text.split(separator: ":").map(String.init)
                guard parts.count >= 2 else { return nil }
                return (parts[0], parts[1])
            }
            guard let source = volume["source"]?.string, let target = volume["target"]?.string else { return nil }
            return (source, target)
        }
    }

    private func words(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let text)?: return text.split(separator: " ").map(String.init)
        case .array(let items)?: return items.compactMap(\.scalarText)
        default: return []
        }
    }
}
