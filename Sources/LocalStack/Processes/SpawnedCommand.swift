#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs a short-lived program to completion with its output in a file, waiting with `waitpid` on a
/// thread of its own.
///
/// For programs that leave daemons behind (`pg_ctl start`): Foundation's `Process` notices an exit
/// through a descriptor the child inherits, and a daemon inheriting it too would hide the exit until
/// the daemon itself ends.
enum SpawnedCommand {
    struct Result: Sendable {
        var exit: ProcessExit
        var output: [String]
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String], timeout: Duration)
        async throws(ChildProcessError) -> Result
    {
        let outputFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("orderflow-\(URL(fileURLWithPath: executable).lastPathComponent)-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let pid = try spawn(executable, arguments, environment: environment, outputPath: outputFile.path)
        let killer = Task {
            try await Task.sleep(for: timeout)
            kill(pid, SIGKILL)
        }
        let status = await waitForExit(pid)
        killer.cancel()
        let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        return Result(exit: status, output: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    /// Starts `executable` with its output in `outputPath` (appended to with `appendOutput`), in a
    /// process group of its own with `ownProcessGroup` (a terminal's Ctrl-C then reaches only us, and we
    /// stop it in our own time). Started from the spawn thread, so a parent-death signal set in the child
    /// fires when this process ends.
    static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String], outputPath: String,
        appendOutput: Bool = false, ownProcessGroup: Bool = false
    ) throws(ChildProcessError) -> pid_t {
        let result: Swift.Result<pid_t, ChildProcessError>
        do {
            result = try SpawnThread.shared.perform {
                Swift.Result { () throws(ChildProcessError) -> pid_t in
                    try spawnHere(executable, arguments, environment: environment, outputPath: outputPath,
                                  appendOutput: appendOutput, ownProcessGroup: ownProcessGroup)
                }
            }
        } catch {
            throw ChildProcessError(label: executable, problem: "could not start: \(error)")
        }
        return try result.get()
    }

    private static func spawnHere(
        _ executable: String, _ arguments: [String], environment: [String: String], outputPath: String,
        appendOutput: Bool, ownProcessGroup: Bool
    ) throws(ChildProcessError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | (appendOutput ? O_APPEND : O_TRUNC), 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours leaks into the program or the daemon it may leave running.
        closeInheritedDescriptors(&actions)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if ownProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw ChildProcessError(label: executable, problem: "could not start: \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// glibc 2.34+ can close every descriptor from 3 up in the child; its header hides the function from
    /// Swift, so it is looked up at run time (and skipped where missing).
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        #if os(Linux)
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        #endif
    }

    static func waitForExit(_ pid: pid_t) async -> ProcessExit {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                // WIFEXITED / WEXITSTATUS / WTERMSIG spelled out: the C macros are not imported.
                let signal = status & 0x7f
                continuation.resume(returning: signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal))
            }
            thread.name = "wait.\(pid)"
            thread.start()
        }
    }
}
