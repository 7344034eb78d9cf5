import Foundation
import LocalStack
import Testing

/// The README's dev-stack examples, run as they stand: every shell block the README marks with
/// `<!-- run by the tests against dev up -->`, in order, with the built binaries first on PATH, in a
/// scratch folder. A README change that breaks an example breaks this test.
@Suite("README examples", .serialized)
struct ReadmeExamplesTests {
    static let marker = "<!-- run by the tests against dev up -->"

    /// The marked blocks' lines, in README order.
    static func markedBlocks(_ text: String) -> [[String]] {
        var blocks: [[String]] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        while let index = lines.firstIndex(of: marker) {
            lines = lines[(index + 1)...]
            guard let open = lines.first, open.hasPrefix("```") else { continue }
            let body = lines.dropFirst().prefix { !$0.hasPrefix("```") }
            blocks.append(Array(body))
            lines = lines.dropFirst(body.count + 1)
        }
        return blocks
    }

    @Test func theMarkedBlocksAreFound() throws {
        let readme = try String(contentsOf: ExecutableLocator.sourceCheckout.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = Self.markedBlocks(readme)
        #expect(blocks.count >= 2, "marked blocks: \(blocks)")
        #expect(blocks.joined().contains { $0.contains("localhost:8080") })
    }

    @Test func theDevStackExamplesRunVerbatim() async throws {
        let readme = try String(contentsOf: ExecutableLocator.sourceCheckout.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = Self.markedBlocks(readme)
        try #require(!blocks.isEmpty)
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        defer { runner.stopStack() }
        let binaries = try DevCommandRunner.builtExecutables()
        // Each command is echoed before it runs, so a failure names its line.
        let script = (["set -euo pipefail", "set -x"] + blocks.joined()).joined(separator: "\n") + "\n"
        let scriptFile = runner.directory.appendingPathComponent("readme-examples.sh")
        try Data(script.utf8).write(to: scriptFile)
        var environment = runner.environment
        environment["PATH"] = binaries.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let command = try BackgroundCommand(
            URL(fileURLWithPath: "/bin/bash"), [scriptFile.path], directory: runner.directory, environment: environment)
        let status = await command.waitForExit(timeout: .seconds(900))
        if status == nil { command.signal(SIGKILL) }
        #expect(status == 0, "the README's examples failed:\n\(command.stderr.suffix(4000))\n--- stdout:\n\(command.stdout.suffix(4000))")
        #expect(command.stdout.contains("300/300 as expected"), "\(command.stdout.suffix(3000))")
        #expect(command.stdout.contains("already known"), "\(command.stdout.suffix(3000))")
    }
}
