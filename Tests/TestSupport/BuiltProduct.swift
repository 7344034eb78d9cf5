import Foundation

/// The executables of this package as built for the test run (`swift build` before `swift test`, as
/// `make test` does): next to the test binary, or in ORDERFLOW_BIN_PATH.
public enum BuiltProduct {
    public static func url(of product: String) throws -> URL {
        let directory: URL
        if let custom = ProcessInfo.processInfo.environment["ORDERFLOW_BIN_PATH"], !custom.isEmpty {
            directory = URL(fileURLWithPath: custom)
        } else {
            let testBinary = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
            directory = testBinary.resolvingSymlinksInPath().deletingLastPathComponent()
        }
        let url = directory.appendingPathComponent(product)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw BuiltProductError(message: "executable \(product) is not built in \(directory.path); run `swift build` before the tests")
        }
        return url
    }

    /// Runs `product` to its end (killed after `timeout`), with exactly `environment`.
    public static func run(
        _ product: String, _ arguments: [String] = [], environment: [String: String], timeout: Duration
    ) async throws -> (status: Int32, stdout: String, stderr: String, timedOut: Bool) {
        let process = Process()
        process.executableURL = try url(of: product)
        process.arguments = arguments
        process.environment = environment
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-run-\(UUID().uuidString)")
        let out = scratch.appendingPathExtension("out"), err = scratch.appendingPathExtension("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                (try? String(contentsOf: err, encoding: .utf8)) ?? "", timedOut)
    }
}

public struct BuiltProductError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
