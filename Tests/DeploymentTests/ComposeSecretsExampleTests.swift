import Foundation
import Testing

/// The commented secrets of compose/docker-compose.yml are an example people uncomment: uncommented,
/// the file must still be valid for compose, and every `/run/secrets/NAME` the comments point a
/// variable at must be a secret the block declares.
@Suite("compose secrets example")
struct ComposeSecretsExampleTests {
    /// The compose file with its `secrets:` block at the end uncommented, and the order service
    /// listing every secret of it.
    static func uncommented(_ text: String) -> (yaml: String, names: [String]) {
        var lines: [String] = []
        var inBlock = false
        var names: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == "# secrets:" {
                inBlock = true
                lines.append("secrets:")
            } else if inBlock, line.hasPrefix("#   ") {
                let content = String(line.dropFirst(2))
                if content.hasPrefix("  "), !content.hasPrefix("    "), content.hasSuffix(":") {
                    names.append(content.trimmingCharacters(in: .whitespaces).dropLast().description)
                }
                lines.append(content)
            } else {
                inBlock = false
                lines.append(line)
            }
        }
        let yaml = lines.joined(separator: "\n")
            .replacingOccurrences(of: "# secrets: [api-jwks]", with: "secrets: [\(names.joined(separator: ", "))]")
        return (yaml, names)
    }

    @Test("uncommented, the secrets are valid compose and mounted into the order service")
    func uncommentedSecretsAreValid() async throws {
        try ComposeTool.requireInstalled()
        let text = try Repository.read(Repository.composeFile)
        let (yaml, names) = Self.uncommented(text)
        #expect(Set(names).isSuperset(of: ["api-jwks", "kafka-sasl-password", "kafka-ca.crt"]), "\(names)")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("compose-secrets-\(UUID().uuidString).yml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let inherited = ProcessInfo.processInfo.environment
        let output = try await ProcessRunner.run(
            ComposeTool.binary.path,
            ["-f", file.path, "--project-directory", Repository.path("compose").path, "--env-file", Repository.envExample.path, "config"],
            environment: ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? "/tmp", "LANG": "C.UTF-8"],
            inheritEnvironment: false)
        #expect(output.succeeded, "\(output.summary)")
        guard output.succeeded else { return }
        let resolved = try await ComposeTool.yamlToJSON(output.stdout, source: "docker-compose config of the uncommented secrets")
        let declared = Set(resolved["secrets"]?.object?.keys.map { $0 } ?? [])
        #expect(declared == Set(names))
        let mounted = resolved["services"]?["order-service"]?["secrets"]?.array?.compactMap { $0["source"]?.string ?? $0.string } ?? []
        #expect(Set(mounted) == Set(names), "\(mounted)")
    }

    @Test("every /run/secrets path in the compose comments is a secret the block declares")
    func secretPathsAreDeclared() throws {
        let text = try Repository.read(Repository.composeFile)
        let names = Set(Self.uncommented(text).names)
        let path = try Regex(#"/run/secrets/([A-Za-z0-9._-]+)"#)
        let referenced = Set(text.matches(of: path).compactMap { $0.output[1].substring.map(String.init) })
        #expect(!referenced.isEmpty)
        #expect(referenced.isSubset(of: names), "not declared: \(referenced.subtracting(names).sorted())")
        #expect(text.contains("KAFKA_SASL_PASSWORD_FILE: /run/secrets/kafka-sasl-password"))
    }
}
