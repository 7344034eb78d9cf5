import Foundation

struct ProcessOutput: Sendable {
    var command: String
    var exitCode: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool

    var succeeded: Bool { exitCode == 0 && !timedOut }

    /// What to show when a check on this run fails.
    var summary: String {
        let status = timedOut ? "timed out" : "exit code \(exitCode)"
        return "`\(command)` (\(status))\nstdout:\n\(stdout.suffix(4000))\nstderr:\n\(stderr.suffix(4000))"
    }
}

/// Runs external programs for the checks. Each run blocks a Dispatch thread, never one of the few
/// threads of Swift's cooperative pool, and output goes to files so a chatty child cannot fill a pipe
/// and stall.
enum ProcessRunner {
    /// `program` is an absolute path, or a name looked up on PATH. The child gets this process's
    /// environment plus `overrides`, or only `overrides` when `inheritEnvironment` is false.
    static func run(
        _ program: String,
        _ arguments: [String],
        environment overrides: [String: String] = [:],
        inheritEnvironment: Bool = true,
        directory: URL = Repository.root,
        timeout: Duration = .seconds(60)
    ) async throws -> ProcessOutput {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    let environment = inheritEnvironment
                        ? ProcessInfo.processInfo.environment.merging(overrides) { _, new in new }
                        : overrides
                    return try runBlocking(program, arguments, environment, directory, timeout)
                })
            }
        }
    }

    private static func runBlocking(
        _ program: String, _ arguments: [String], _ environment: [String: String],
        _ directory: URL, _ timeout: Duration
    ) throws -> ProcessOutput {
        let command = ([program] + arguments).joined(separator: " ")
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("deployment-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("stdout")
        let stderrURL = scratch.appendingPathComponent("stderr")
        for url in [stdoutURL, stderrURL] where !FileManager.default.createFile(atPath: url.path, contents: nil) {
            throw DeploymentCheckError("cannot create \(url.path) for the output of `\(command)`")
        }
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdoutHandle.close()
            try? stderrHandle.close()
        }

        let process = Process()
        if program.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
        }
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        do {
            try process.run()
        } catch {
            throw DeploymentCheckError("cannot start `\(command)`: \(error)")
        }

        let deadline = Date().addingTimeInterval(seconds(timeout))
        var timedOut = false
        while process.isRunning {
            if Date() >= deadline {
                timedOut = true
                process.terminate()
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()

        return ProcessOutput(
            command: command,
            exitCode: process.terminationStatus,
            stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "",
            timedOut: timedOut
        )
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
