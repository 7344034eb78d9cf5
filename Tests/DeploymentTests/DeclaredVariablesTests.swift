import Foundation
import Testing

/// The same coverage as the --help checks, read from the configuration code itself: every setting
/// declared in the code the containers run (`Setting.integer(name: "...", ...)`, `RequiredSetting.string(name: ...)`).
@Suite("variables declared in the services' code")
struct DeclaredVariablesTests {
    /// Declared names per Sources file, skipping the folders of executables compose runs only as
    /// one-shot jobs or tools (the CLI has settings of its own that are not service configuration).
    private func declaredVariables() async throws -> [(file: String, name: String)] {
        let manifest = try await Shared.manifest.value
        let compose = try await Shared.compose.value
        let longRunning = Set(compose.longRunningOrderflowServices.compactMap(\.executable))
        let toolFolders = Set(manifest.executables.filter { !longRunning.contains($0.product) }.map(\.target))

        let declaration = try Regex(#"Setting(?:<[^>]*>)?\.[a-z][A-Za-z]*\(\s*name:\s*"([A-Z][A-Z0-9_]*)""#)
        var found: [(String, String)] = []
        guard let walker = FileManager.default.enumerator(at: Repository.sources, includingPropertiesForKeys: nil) else {
            throw DeploymentCheckError("cannot list \(Repository.sources.path)")
        }
        for case let url as URL in walker where url.pathExtension == "swift" {
            let relative = Repository.relativePath(of: url)
            let folder = relative.split(separator: "/").dropFirst().first.map(String.init) ?? ""
            if toolFolders.contains(folder) { continue }
            for match in try Repository.read(url).matches(of: declaration) {
                if let name = match.output[1].substring { found.append((relative, String(name))) }
            }
        }
        return found
    }

    @Test("the configuration code declares the variables every service reads")
    func declarationsAreFound() async throws {
        let names = Set(try await declaredVariables().map(\.name))
        for expected in ["KAFKA_BROKERS", "DATABASE_URL", "GROUP_ID", "OUTBOX_SHARDS"] {
            #expect(names.contains(expected), "no Setting declaration of \(expected) (Setting.<kind>(name: \"\(expected)\", ...)) found under Sources; did the declaration style change?")
        }
    }

    @Test("every declared variable is named in compose/.env.example or set for a service in compose")
    func declaredVariablesAreCovered() async throws {
        let compose = try await Shared.compose.value
        let example = try await Shared.envExample.value
        let setInCompose = Set(compose.longRunningOrderflowServices.flatMap(\.environment.keys))
        for (file, name) in try await declaredVariables() {
            let covered = example.namedVariables.contains(name) || setInCompose.contains(name)
            #expect(covered,
                    "\(file) declares \(name), which neither compose/.env.example names nor a compose service sets")
        }
    }
}
