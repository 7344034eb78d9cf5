import Foundation
import LocalStack

/// Runs a short external command to completion and captures its output.
enum CommandRunner {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws(BenchError) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try OwnedProcess.run(process, label: URL(fileURLWithPath: executable).lastPathComponent)
        } catch {
            throw BenchError(URL(fileURLWithPath: executable).lastPathComponent, "cannot start \(executable): \(error)")
        }
        // Read both pipes before waiting so a chatty command cannot fill a pipe and stall.
        let group = DispatchGroup()
        let errorData = LockedData()
        group.enter()
        DispatchQueue.global().async {
            errorData.set(err.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData.get(), as: UTF8.self))
    }
}

/// Data handed from a reader thread to the waiting one.
private final class LockedData: @unchecked Sendable {
    // Guarded by `lock`; written once by the reader thread before `group.leave()`, read after `group.wait()`.
    private var data = Data()
    private let lock = NSLock()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
