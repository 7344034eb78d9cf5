import Foundation
import Synchronization

/// What to run as a child process.
public struct ProcessLaunch: Sendable {
    /// Shown before every output line (`payment#2`) and in error messages.
    public var label: String
    public var executable: URL
    public var arguments: [String]
    /// The complete environment of the child (nothing is inherited implicitly).
    public var environment: [String: String]
    public var workingDirectory: URL?

    public init(label: String, executable: URL, arguments: [String] = [], environment: [String: String],
                workingDirectory: URL? = nil) {
        self.label = label
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }
}

/// A running child process: its output is read line by line on a thread of its own (reads block),
/// each line goes to a `ProcessOutput` and into a short history kept for error messages.
public final class ChildProcess: Sendable {
    public let label: String
    public let pid: Int32
    private let process: Process
    private let record: ChildProcessRecord

    private init(label: String, pid: Int32, process: Process, record: ChildProcessRecord) {
        self.label = label
        self.pid = pid
        self.process = process
        self.record = record
    }

    /// Starts the process. Its standard input is empty; standard output and error are merged.
    public static func launch(_ launch: ProcessLaunch, output: ProcessOutput) throws(ChildProcessError) -> ChildProcess {
        // Checked here: behind `setpriv` a missing program would only show as a quick exit.
        guard FileManager.default.isExecutableFile(atPath: launch.executable.path) else {
            throw ChildProcessError(label: launch.label, problem: "could not start \(launch.executable.path): no such executable")
        }
        let process = Process()
        // It dies with us, even when we are killed and cannot stop it (see `ParentDeath`).
        let command = ParentDeath.command(launch.executable.path, launch.arguments, signal: "KILL")
        process.executableURL = URL(fileURLWithPath: command.executable)
        process.arguments = command.arguments
        process.environment = launch.environment.merging([StartedProcesses.ownerVariable: StartedProcesses.ownerValue]) { _, own in own }
        if let directory = launch.workingDirectory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice

        let record = ChildProcessRecord()
        process.terminationHandler = { finished in
            let exit: ProcessExit = finished.terminationReason == .uncaughtSignal
                ? .signalled(finished.terminationStatus) : .exited(finished.terminationStatus)
            record.finish(exit)
            StartedProcesses.remove(finished.processIdentifier)
        }
        nonisolated(unsafe) let unstarted = process
        do {
            try SpawnThread.shared.perform { try unstarted.run() }
        } catch {
            throw ChildProcessError(label: launch.label, problem: "could not start \(launch.executable.path): \(error.localizedDescription)")
        }
        StartedProcesses.add(process.processIdentifier, label: launch.label)
        // An exit before the line above left the entry in place: take it out again.
        if record.exit != nil { StartedProcesses.remove(process.processIdentifier) }
        // The child holds its own copy of the write end; ours must go or the reader never sees EOF.
        try? pipe.fileHandleForWriting.close()
        let child = ChildProcess(label: launch.label, pid: process.processIdentifier, process: process, record: record)
        startReader(pipe.fileHandleForReading, label: launch.label, record: record, output: output)
        return child
    }

    private static func startReader(_ handle: FileHandle, label: String, record: ChildProcessRecord, output: ProcessOutput) {
        let thread = Thread {
            var pending: [UInt8] = []
            func deliver(_ bytes: ArraySlice<UInt8>) {
                let line = String(decoding: bytes, as: UTF8.self)
                record.remember(line)
                output.emit(label, line)
            }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                // Whatever is there, as soon as it is there (FileHandle's reads wait for a full count or
                // end the process on errors); 0 is end of file, and an error ends the output too.
                let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                let chunk = buffer[..<count]
                pending.append(contentsOf: chunk)
                var start = pending.startIndex
                while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    deliver(pending[start..<newline])
                    start = newline + 1
                }
                pending.removeSubrange(..<start)
            }
            if !pending.isEmpty { deliver(pending[...]) }
            try? handle.close()
            record.closeOutput()
        }
        thread.name = "output.\(label)"
        thread.start()
    }

    public var isRunning: Bool { record.exit == nil }

    public var exit: ProcessExit? { record.exit }

    /// The last output lines (at most `limit`, at most the 200 kept).
    public func recentOutput(_ limit: Int = 30) -> [String] { record.recent(limit) }

    /// Sends a signal unless the process has already exited (its pid may belong to another process by now).
    public func signal(_ signal: Int32) {
        guard isRunning else { return }
        ProcessProbe.signal(pid, signal)
    }

    /// Waits for the exit (and for the last output lines); nil if still running at the deadline.
    public func waitForExit(timeout: Duration) async -> ProcessExit? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (exit, drained) = record.exitAndDrained
            if let exit, drained { return exit }
            if ContinuousClock.now >= deadline { return exit }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// SIGTERM, then SIGKILL if it is still running after `gracePeriod`.
    @discardableResult
    public func stop(gracePeriod: Duration) async -> ProcessExit {
        signal(SIGTERM)
        if let exit = await waitForExit(timeout: gracePeriod) { return exit }
        return await kill()
    }

    /// SIGKILL, as a crash would: no cleanup in the child.
    @discardableResult
    public func kill() async -> ProcessExit {
        signal(SIGKILL)
        while true {
            if let exit = await waitForExit(timeout: .seconds(5)) { return exit }
            signal(SIGKILL)
        }
    }
}

/// What the termination handler and the reader thread learn about a child, under one lock.
private final class ChildProcessRecord: Sendable {
    private struct State {
        var exit: ProcessExit?
        var recent: [String] = []
        var outputClosed = false
    }

    private static let keptLines = 200
    private let state = Mutex(State())

    func finish(_ exit: ProcessExit) { state.withLock { $0.exit = exit } }

    func remember(_ line: String) {
        state.withLock { state in
            state.recent.append(line)
            if state.recent.count > Self.keptLines * 2 { state.recent.removeFirst(state.recent.count - Self.keptLines) }
        }
    }

    func closeOutput() { state.withLock { $0.outputClosed = true } }

    var exit: ProcessExit? { state.withLock { $0.exit } }

    var exitAndDrained: (ProcessExit?, Bool) { state.withLock { ($0.exit, $0.outputClosed) } }

    func recent(_ limit: Int) -> [String] {
        state.withLock { Array($0.recent.suffix(min(limit, Self.keptLines))) }
    }
}

public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    public var label: String
    public var problem: String
    public var description: String { "\(label): \(problem)" }
}
