import Foundation

/// The built `orderflow` binary, run as a user would: arguments, environment, exit status and both streams.
struct CLIRun: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String

    var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }

    /// Errors are reported as exactly one `orderflow: error:` line and never as a crash report.
    var isOneLineError: Bool {
        status != 0 && stderrLines.count == 1 && stderr.hasPrefix("orderflow: error: ")
            && !stderr.contains("Fatal error") && !stderr.contains("Stack dump") && !stderr.contains("backtrace")
    }

    enum Failure: Error, CustomStringConvertible {
        case binaryMissing(String)
        case timedOut([String], Double)

        var description: String {
            switch self {
            case .binaryMissing(let path): "orderflow binary not found at \(path); build it with `swift build --product orderflow`"
            case .timedOut(let arguments, let seconds): "orderflow \(arguments.joined(separator: " ")) did not finish within \(seconds)s"
            }
        }
    }

    /// Runs `orderflow` with `arguments`. KAFKA_BROKERS and DATABASE_URL from the test's own environment are
    /// removed so a developer's settings never leak in; pass them in `environment` when wanted.
    static func orderflow(
        _ arguments: [String], environment: [String: String] = [:], timeout: Double = 60,
        directory: URL? = nil, interruptAfter: Double? = nil, standardInput: String? = nil
    ) async throws -> CLIRun {
        let binary = try CLIBinary.url()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for key in ["KAFKA_BROKERS", "KAFKA_FETCH_WAIT_MAX_MS", "DATABASE_URL", "ORDERFLOW_API_URL", "ORDERFLOW_LOG_LEVEL", "NO_COLOR", "COLUMNS"] {
            env[key] = nil
        }
        // Nor a stack announced for the whole machine (see DevStackPointer).
        env["XDG_STATE_HOME"] = scratch.appendingPathComponent("state").path
        env["ORDERFLOW_DEV_DIR"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        // Run where no .orderflow/dev/env can be found, unless the test picks a directory.
        process.currentDirectoryURL = directory ?? scratch
        process.standardOutput = out
        process.standardError = err
        if let standardInput {
            let inURL = scratch.appendingPathComponent("stdin")
            try standardInput.write(to: inURL, atomically: true, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }

        let status: Int32? = try await withCheckedThrowingContinuation { continuation in
            let finished = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in finished.signal() }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
                return
            }
            if let interruptAfter {
                // Ctrl-C as a terminal sends it: SIGINT to the process.
                DispatchQueue.global().asyncAfter(deadline: .now() + interruptAfter) {
                    if process.isRunning { process.interrupt() }
                }
            }
            DispatchQueue.global().async {
                if finished.wait(timeout: .now() + timeout) == .timedOut {
                    process.terminate()
                    _ = finished.wait(timeout: .now() + 5)
                    continuation.resume(returning: nil)
                } else {
                    continuation.resume(returning: process.terminationStatus)
                }
            }
        }
        try out.close()
        try err.close()
        guard let status else { throw Failure.timedOut(arguments, timeout) }
        return CLIRun(
            status: status,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}

/// Finds the binary: $ORDERFLOW_CLI_BINARY, else next to the test bundle (both live in the build
/// products folder), else the package's default debug build folder.
enum CLIBinary {
    static func url() throws -> URL {
        let manager = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["ORDERFLOW_CLI_BINARY"] {
            guard manager.isExecutableFile(atPath: explicit) else { throw CLIRun.Failure.binaryMissing(explicit) }
            return URL(fileURLWithPath: explicit)
        }
        var candidates: [URL] = []
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("orderflow"))
        candidates.append(bundle.appendingPathComponent("orderflow"))
        if let executable = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("orderflow"))
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/orderflow"))
        for candidate in candidates where manager.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw CLIRun.Failure.binaryMissing(candidates.last?.path ?? "orderflow")
    }
}
