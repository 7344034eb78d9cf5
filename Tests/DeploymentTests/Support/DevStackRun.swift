import Foundation

/// A dev stack (`orderflow dev up --detach`) of the built binaries, run in a scratch directory of its
/// own, as a user would start it.
struct DevStackRun: Sendable {
    /// One process of the stack, as `.orderflow/dev/stack.json` records it.
    struct Process: Sendable {
        var name: String
        var httpPort: Int
    }

    let directory: URL
    let binary: URL
    let environment: [String: String]

    static func up() async throws -> DevStackRun {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-dev-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The stack must not pick up a broker or server from the caller's environment.
        var environment = ProcessInfo.processInfo.environment
        environment["KAFKA_BROKERS"] = nil
        environment["DATABASE_URL"] = nil
        environment["NO_COLOR"] = "1"
        let stack = DevStackRun(directory: directory, binary: try BuiltExecutables.url(of: "orderflow"), environment: environment)
        let up = try await stack.orderflow(["dev", "up", "--detach"], timeout: .seconds(180))
        guard up.succeeded else {
            await stack.down()
            throw DeploymentCheckError("orderflow dev up failed:\n\(up.summary)")
        }
        return stack
    }

    /// `orderflow <arguments>` in the stack's directory, where it finds the stack's settings.
    func orderflow(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> ProcessOutput {
        try await ProcessRunner.run(binary.path, arguments, environment: environment, inheritEnvironment: false,
                                    directory: directory, timeout: timeout)
    }

    /// Every process the stack runs, with the port of its HTTP endpoints.
    func processes() throws -> [Process] {
        let state = try JSONValue.parse(try Repository.read(directory.appendingPathComponent(".orderflow/dev/stack.json")),
                                        source: "stack.json")
        return (state["processes"]?.array ?? []).compactMap { process in
            guard let name = process["name"]?.string, let port = process["httpPort"]?.int else { return nil }
            return Process(name: name, httpPort: port)
        }
    }

    /// Stops the stack and removes its directory.
    func down() async {
        _ = try? await orderflow(["dev", "down"], timeout: .seconds(120))
        try? FileManager.default.removeItem(at: directory)
    }
}
