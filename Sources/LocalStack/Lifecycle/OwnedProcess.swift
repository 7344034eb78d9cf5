import Foundation

/// Starts a Foundation `Process` as one of ours: it dies with us (`ParentDeath`), carries
/// `ORDERFLOW_STARTED_BY`, and is stopped with everything else when an interrupted command cleans up
/// (`StartedProcesses`). For tools that run helper programs of their own (the benchmark's pgbench).
public enum OwnedProcess {
    /// Sets up `process` (executable, arguments and environment already given) and runs it. Replaces its
    /// termination handler.
    public static func run(_ process: Process, label: String) throws {
        guard let executable = process.executableURL, FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: process.executableURL?.path ?? ""])
        }
        let command = ParentDeath.command(executable.path, process.arguments ?? [], signal: "KILL")
        process.executableURL = URL(fileURLWithPath: command.executable)
        process.arguments = command.arguments
        var environment = process.environment ?? ProcessInfo.processInfo.environment
        environment[StartedProcesses.ownerVariable] = StartedProcesses.ownerValue
        process.environment = environment
        process.terminationHandler = { StartedProcesses.remove($0.processIdentifier) }
        nonisolated(unsafe) let unstarted = process
        try SpawnThread.shared.perform { try unstarted.run() }
        StartedProcesses.add(process.processIdentifier, label: label)
        if !process.isRunning { StartedProcesses.remove(process.processIdentifier) }
    }
}
