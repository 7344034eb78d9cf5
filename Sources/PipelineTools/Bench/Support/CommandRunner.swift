import Foundation

/// Runs a short external command to completion and captures its output.
enum CommandRunner {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a command that leaves a daemon behind (pg_ctl start) and returns its exit status.
    ///
    /// Not through `Process`: Foundation notices a child's exit through a descriptor the child inherits,
    /// which the daemon inherits in turn and keeps open, so `waitUntilExit` would wait for the daemon.
    static func runDetaching(_ executable: String, _ arguments: [String]) throws(BenchError) -> Int32 {
        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pointers: [UnsafeMutablePointer<CChar>?] = argv + [nil]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, &pointers, environ)
        guard spawned == 0 else {
            throw BenchError(URL(fileURLWithPath: executable).lastPathComponent, "cannot start \(executable): error \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
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
            try process.run()
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
