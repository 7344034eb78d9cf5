import Foundation
import LocalStack

/// `dev up --detach`: the same command again in the background, logging to `.orderflow/dev/stack.log`;
/// we return once it reports the stack ready, or fail with its reason.
enum DetachedLaunch {
    static func run(arguments: [String], directory: DevStateDirectory, plan: DevUpPlan) async throws {
        let log = directory.logFile
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw DevError("cannot write \(log.path)")
        }
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = ExecutableDirectory.ownExecutable
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DevError("could not start the dev stack in the background: \(error.localizedDescription)")
        }
        try? handle.close()
        let pid = process.processIdentifier
        let deadline = ContinuousClock.now + plan.readyTimeout + .seconds(60)
        let progress = StartProgress(log: log)
        while ContinuousClock.now < deadline {
            // What the stack says about its start ("postgres: ...", "payment#1 ready ..."), as it says it.
            for line in progress.newLines() { say("  \(line)") }
            if !process.isRunning {
                throw DevError("the dev stack did not start: " + failureLines(log).joined(separator: "\n"))
            }
            if let state = directory.readState(), state.pid == pid, state.phase == .ready {
                for line in progress.newLines() { say("  \(line)") }
                for line in DevSummary.lines(state, directory: directory) { say(line) }
                say("  log        \(DevSummary.relative(log.path))")
                say("stop it with `orderflow dev down`")
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        ProcessProbe.signal(pid, SIGTERM)
        _ = await ProcessProbe.waitUntilGone([pid], timeout: .seconds(60))
        throw DevError("the dev stack was not ready in time; see \(log.path)")
    }

    /// The error line the background command ended with (the reason), else where to read more.
    private static func failureLines(_ log: URL) -> [String] {
        let lines = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        let prefix = "orderflow: error: "
        if let error = lines.last(where: { $0.hasPrefix(prefix) }) {
            return [String(error.dropFirst(prefix.count))]
        }
        return ["see \(log.path)"]
    }
}

/// The stack's own lines (`dev | ...`) in its log that were not printed yet; process output is left out.
final class StartProgress {
    private let handle: FileHandle?
    private var pending = ""

    init(log: URL) { handle = try? FileHandle(forReadingFrom: log) }

    deinit { try? handle?.close() }

    func newLines() -> [String] {
        guard let data = handle?.readDataToEndOfFile(), !data.isEmpty else { return [] }
        pending += String(decoding: data, as: UTF8.self)
        var lines: [String] = []
        while let newline = pending.firstIndex(of: "\n") {
            let line = String(pending[..<newline])
            pending = String(pending[pending.index(after: newline)...])
            guard let bar = line.range(of: " | "), line[..<bar.lowerBound].trimmingCharacters(in: .whitespaces) == "dev" else { continue }
            let text = String(line[bar.upperBound...])
            // The ready summary is printed once the stack is up, from its state file.
            if text.hasPrefix("the dev stack is ready") { break }
            lines.append(text)
        }
        return lines
    }
}
