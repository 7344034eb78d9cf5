import Foundation
import Testing

@Suite("compose file")
struct ComposeFileTests {
    @Test("docker-compose config -q accepts compose/docker-compose.yml with compose/.env.example")
    func composeAcceptsTheFile() async throws {
        let output = try await ComposeTool.run(["config", "-q"])
        #expect(output.succeeded, "\(output.summary)")
    }

    @Test("without POSTGRES_PASSWORD compose refuses the file and says where to set it")
    func passwordIsRequired() async throws {
        let example = try Repository.read(Repository.envExample)
        let withoutPassword = example.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("POSTGRES_PASSWORD=") }
            .joined(separator: "\n")
        #expect(withoutPassword != example, "compose/.env.example should set POSTGRES_PASSWORD")

        let envFile = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-\(UUID().uuidString).env")
        try withoutPassword.write(to: envFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: envFile) }

        let output = try await ComposeTool.run(["config", "-q"], envFile: envFile)
        #expect(!output.succeeded, "compose accepted a configuration without a database password")
        #expect(output.stderr.contains("POSTGRES_PASSWORD"), "\(output.summary)")
        #expect(output.stderr.contains("compose/.env"), "\(output.summary)")
    }
}
