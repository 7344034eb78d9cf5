import Foundation
import Testing

@Suite("compose/.env.example")
struct EnvExampleTests {
    /// Variables the compose file interpolates: `${NAME}`, `${NAME:-default}`, `${NAME:?message}`.
    private func interpolatedNames() throws -> Set<String> {
        let text = try Repository.read(Repository.composeFile)
        // `$${...}` is an escaped dollar, not a reference.
        let reference = try Regex(#"(^|[^$])\$\{([A-Za-z_][A-Za-z0-9_]*)"#)
        return Set(text.matches(of: reference).compactMap { $0.output[2].substring.map(String.init) })
    }

    @Test("every variable the compose file interpolates has a line in the example")
    func exampleIsComplete() async throws {
        let example = try await Shared.envExample.value
        let names = try interpolatedNames()
        #expect(names.contains("POSTGRES_PASSWORD"))
        for name in names.sorted() {
            #expect(example.assignedNames.contains(name), "compose/docker-compose.yml uses ${\(name)} but compose/.env.example has no \(name)= line")
        }
    }

    @Test("every setting in the example is used by the compose file")
    func exampleHasNoDeadSettings() async throws {
        let example = try await Shared.envExample.value
        let names = try interpolatedNames()
        // COMPOSE_* settings configure compose itself (project name, ...), not the file.
        for (name, _) in example.assignments where !name.hasPrefix("COMPOSE_") {
            #expect(names.contains(name), "compose/.env.example sets \(name), which compose/docker-compose.yml never uses")
        }
        #expect(example.assignedNames.count == example.assignments.count, "compose/.env.example sets a variable twice")
    }

    @Test("the example holds no secret: passwords are empty or the change-me placeholder")
    func noSecrets() async throws {
        let example = try await Shared.envExample.value
        for (name, value) in example.assignments where ["PASSWORD", "SECRET", "TOKEN"].contains(where: name.contains) {
            #expect(value.isEmpty || value == "change-me", "compose/.env.example gives \(name) a value; commit placeholders only")
        }
    }

    @Test("compose/.env is ignored by git and not committed")
    func realEnvFileStaysLocal() async throws {
        let ignored = try await ProcessRunner.run("git", ["check-ignore", "--quiet", "--no-index", "compose/.env"])
        #expect(ignored.exitCode == 0, "compose/.env is not git-ignored: \(ignored.summary)")
        let tracked = try await ProcessRunner.run("git", ["ls-files", "--", "compose/.env"])
        #expect(tracked.succeeded && tracked.stdout.isEmpty, "compose/.env is committed: \(tracked.summary)")
    }
}
