import Foundation

/// docker-compose 1.29 as installed by scripts/install-docker-compose.sh, and the YAML reader in its
/// virtualenv (PyYAML), which the checks use to read YAML as JSON.
enum ComposeTool {
    static let virtualenv: URL = {
        if let custom = ProcessInfo.processInfo.environment["ORDERFLOW_COMPOSE_VENV"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        return Repository.path(".build-tools/compose")
    }()

    static var binary: URL { virtualenv.appendingPathComponent("bin/docker-compose") }
    static var python: URL { virtualenv.appendingPathComponent("bin/python") }

    static func requireInstalled() throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path),
              FileManager.default.isExecutableFile(atPath: python.path) else {
            throw DeploymentCheckError(
                "docker-compose is not installed at \(Repository.relativePath(of: binary)); run `make deps` (or scripts/install-docker-compose.sh)")
        }
    }

    /// `docker-compose -f compose/docker-compose.yml --env-file <envFile> <arguments>`.
    static func run(_ arguments: [String], envFile: URL = Repository.envExample) async throws -> ProcessOutput {
        try requireInstalled()
        return try await ProcessRunner.run(
            binary.path,
            ["-f", Repository.composeFile.path, "--env-file", envFile.path] + arguments,
            // Variables of the calling shell would win over the env file and hide gaps in it.
            environment: minimalEnvironment,
            inheritEnvironment: false
        )
    }

    /// The compose file as compose itself resolves it: anchors merged, variables interpolated from the
    /// env file, relative paths made absolute.
    static func resolvedConfiguration(envFile: URL = Repository.envExample) async throws -> ComposeConfiguration {
        let output = try await run(["config"], envFile: envFile)
        guard output.succeeded else {
            throw DeploymentCheckError("docker-compose config failed:\n\(output.summary)")
        }
        return try ComposeConfiguration(try await yamlToJSON(output.stdout, source: "docker-compose config output"))
    }

    static func yamlToJSON(_ yaml: String, source: String) async throws -> JSONValue {
        try requireInstalled()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("deployment-yaml-\(UUID().uuidString).yml")
        do {
            try yaml.write(to: file, atomically: true, encoding: .utf8)
        } catch {
            throw DeploymentCheckError("cannot write a temporary file for \(source): \(error)")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        let script = "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)"
        let output = try await ProcessRunner.run(python.path, ["-c", script, file.path])
        guard output.succeeded else {
            throw DeploymentCheckError("\(source) is not readable YAML:\n\(output.summary)")
        }
        return try JSONValue.parse(output.stdout, source: source)
    }

    static func readYAML(_ url: URL) async throws -> JSONValue {
        try await yamlToJSON(try Repository.read(url), source: Repository.relativePath(of: url))
    }

    private static var minimalEnvironment: [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        return ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? "/tmp", "LANG": "C.UTF-8"]
    }
}
