import Foundation
import LocalStack
import Testing

/// Runs the built `orderflow` binary in a working directory of its own.
struct DevCommandRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    let binary: URL
    let directory: URL
    var environment: [String: String]

    static func make() throws -> DevCommandRunner {
        let binaries = try builtExecutables()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-dev-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The stack must not pick up a broker or server from the caller's environment.
        var environment = ProcessInfo.processInfo.environment
        environment["KAFKA_BROKERS"] = nil
        environment["DATABASE_URL"] = nil
        environment["NO_COLOR"] = "1"
        // Where `dev up` announces its stack: the test's own, so stacks of parallel tests stay apart.
        environment["XDG_STATE_HOME"] = directory.appendingPathComponent("state").path
        environment["ORDERFLOW_DEV_DIR"] = nil
        return DevCommandRunner(binary: binaries.appendingPathComponent("orderflow"), directory: directory, environment: environment)
    }

    /// Runs to completion (killed after `timeout`), in the runner's directory or `in`.
    func run(
        _ arguments: [String], extraEnvironment: [String: String] = [:], timeout: Duration = .seconds(120), in folder: URL? = nil
    ) async throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder ?? directory
        process.environment = environment.merging(extraEnvironment) { _, new in new }
        let out = try temporaryFile("out"), err = try temporaryFile("err")
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        // Files, not pipes: a detached child must not keep our reads open.
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            process.terminate()
            Issue.record("orderflow \(arguments.joined(separator: " ")) did not finish within \(timeout)")
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    private func temporaryFile(_ suffix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-cli-\(UUID().uuidString).\(suffix)")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }

    var stateFile: URL { directory.appendingPathComponent(".orderflow/dev/stack.json") }
    var envFile: URL { directory.appendingPathComponent(".orderflow/dev/env") }
    var pidFile: URL { directory.appendingPathComponent(".orderflow/dev/pid") }

    /// Every pid the running stack recorded: `dev up` itself, its processes and the local Postgres server.
    func recordedPIDs() throws -> [Int32] {
        let data = try Data(contentsOf: stateFile)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var pids = [try #require(object["pid"] as? Int)]
        for process in try #require(object["processes"] as? [[String: Any]]) {
            pids.append(try #require(process["pid"] as? Int))
        }
        if let postgres = object["postgres"] as? [String: Any], let pid = postgres["pid"] as? Int { pids.append(pid) }
        return pids.map { Int32($0) }
    }

    /// `dev down`, waited for in place: for `defer`, so a failed test leaves no stack running.
    func stopStack() {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["dev", "down"]
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return }
        process.waitUntilExit()
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The directory of the built executables (next to the test binary, or ORDERFLOW_BIN_DIR).
    static func builtExecutables() throws -> URL {
        try ExecutableLocator.buildDirectory(holding: PipelineService.executables + ["orderflow"])
    }
}
