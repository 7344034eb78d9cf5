import Foundation

/// Runs the contract's Python checks (topics/validate.py with `jsonschema`, topics/binding_check.py with
/// `cloudevents`) the way CI and developers do.
enum PythonValidator {
    struct Outcome {
        let exitCode: Int32
        let output: String
    }

    /// Runs the validator on a background thread (it blocks while Python works) and returns its
    /// exit code and combined output.
    static func run(script: URL = ContractFiles.validator, _ arguments: [String]) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try runBlocking(script, arguments) })
            }
        }
    }

    private static func runBlocking(_ script: URL, _ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting: a full pipe would otherwise block the child forever.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(exitCode: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
