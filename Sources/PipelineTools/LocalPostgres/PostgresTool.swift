import Foundation

/// Runs one PostgreSQL program to completion (as the server user when we are root).
enum PostgresTool {
    @discardableResult
    static func run(
        _ tool: URL, runAs: [String], arguments: [String], timeout: Duration, logFile: URL? = nil
    ) async throws(LocalPostgresError) -> [String] {
        let command = runAs.isEmpty ? tool : URL(fileURLWithPath: runAs[0])
        let fullArguments = runAs.isEmpty ? arguments : Array(runAs.dropFirst()) + [tool.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C.UTF-8"
        let child: ChildProcess
        do {
            child = try ChildProcess.launch(
                ProcessLaunch(label: tool.lastPathComponent, executable: command, arguments: fullArguments, environment: environment),
                output: .discard)
        } catch {
            throw .toolFailed(tool: tool.lastPathComponent, exit: "could not start", output: [error.description])
        }
        guard let exit = await child.waitForExit(timeout: timeout) else {
            await child.kill()
            throw .toolFailed(tool: tool.lastPathComponent, exit: "did not finish within \(timeout)", output: child.recentOutput(30))
        }
        guard exit.succeeded else {
            var output = child.recentOutput(30)
            if let logFile, let log = try? String(contentsOf: logFile, encoding: .utf8) {
                output += log.split(separator: "\n").suffix(10).map(String.init)
            }
            throw .toolFailed(tool: tool.lastPathComponent, exit: exit.description, output: output)
        }
        return child.recentOutput(200)
    }
}
